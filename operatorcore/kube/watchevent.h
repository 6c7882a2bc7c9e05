#pragma once

#include <QJsonObject>
#include <QString>

namespace locust::kube {

// One event of a watch stream.
struct WatchEvent
{
    enum class Type { Added, Modified, Deleted, Bookmark, Error };

    Type type = Type::Added;
    QJsonObject object; // the object; for Error, a Status; for Bookmark, only metadata.resourceVersion

    QString resourceVersion() const
    {
        return object.value(u"metadata").toObject().value(u"resourceVersion").toString();
    }
};

} // namespace locust::kube
