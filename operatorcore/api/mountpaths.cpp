#include "api/mountpaths.h"

#include "api/naming.h"

using namespace Qt::StringLiterals;

namespace locust::api::mountpaths {

QString srcMountPath(const LocustTestSpecV2 &spec)
{
    const QString path = spec.testFiles ? spec.testFiles->srcMountPath.value_or(QString()) : QString();
    return path.isEmpty() ? naming::defaultSrcMountPath.toString() : path;
}

QString libMountPath(const LocustTestSpecV2 &spec)
{
    const QString path = spec.testFiles ? spec.testFiles->libMountPath.value_or(QString()) : QString();
    return path.isEmpty() ? naming::defaultLibMountPath.toString() : path;
}

bool usesTestFilesConfigMap(const LocustTestSpecV2 &spec)
{
    return spec.testFiles && !spec.testFiles->configMapRef.value_or(QString()).isEmpty();
}

bool usesLibConfigMap(const LocustTestSpecV2 &spec)
{
    return spec.testFiles && !spec.testFiles->libConfigMapRef.value_or(QString()).isEmpty();
}

QStringList reservedPaths(const LocustTestSpecV2 &spec)
{
    QStringList reserved;
    if (usesTestFilesConfigMap(spec))
        reserved << srcMountPath(spec);
    if (usesLibConfigMap(spec))
        reserved << libMountPath(spec);
    if (reserved.isEmpty())
        reserved << srcMountPath(spec) << libMountPath(spec);
    return reserved;
}

QString normalized(const QString &path)
{
    return path.endsWith(u'/') ? path.chopped(1) : path;
}

bool conflict(const QString &a, const QString &b)
{
    const QString first = normalized(a);
    const QString second = normalized(b);
    return first == second || first.startsWith(second + u'/') || second.startsWith(first + u'/');
}

} // namespace locust::api::mountpaths
