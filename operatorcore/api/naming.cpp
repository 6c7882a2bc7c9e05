#include "api/naming.h"

using namespace Qt::StringLiterals;

namespace locust::api::naming {

QString roleName(Role role)
{
    return role == Role::Master ? u"master"_s : u"worker"_s;
}

QString sanitizeResourceName(const QString &name)
{
    QString sanitized = name;
    sanitized.replace(u'.', u'-');
    return sanitized;
}

QString generatedNodeName(const QString &crName, Role role)
{
    return sanitizeResourceName(crName + u'-' + roleName(role));
}

QString secretVolumeName(const QString &secretName)
{
    return sanitizeResourceName(secretVolumePrefix.toString() + secretName);
}

} // namespace locust::api::naming
