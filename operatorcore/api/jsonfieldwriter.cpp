#include "api/jsonfieldwriter.h"

namespace locust::api::jsonfields {

QJsonObject toJsonObject(const StringMap &map)
{
    QJsonObject object;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace locust::api::jsonfields
