#include "controller/conditions.h"

using namespace Qt::StringLiterals;

namespace locust::controller {

bool setCondition(QList<api::Condition> &conditions, const ConditionChange &change, qint64 generation,
                  const QDateTime &now)
{
    const QString status = change.status ? u"True"_s : u"False"_s;
    for (api::Condition &condition : conditions) {
        if (condition.type != change.type)
            continue;
        const api::Condition before = condition;
        if (condition.status != status) {
            condition.status = status;
            condition.lastTransitionTime = formatTime(now);
        }
        condition.reason = change.reason;
        condition.message = change.message;
        condition.observedGeneration = generation;
        return condition != before;
    }
    conditions.append(api::Condition{change.type.toString(), status, change.reason, change.message, formatTime(now),
                                     generation});
    return true;
}

const api::Condition *findCondition(const QList<api::Condition> &conditions, QStringView type)
{
    for (const api::Condition &condition : conditions) {
        if (condition.type == type)
            return &condition;
    }
    return nullptr;
}

QString formatTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

} // namespace locust::controller
