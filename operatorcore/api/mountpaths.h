#pragma once

#include "api/locusttestv2.h"

#include <QString>
#include <QStringList>

// Where the operator mounts test files, and which paths it therefore reserves. Used by the builders
// (to mount) and by the validator (to keep user mounts out of the way), so both agree.
namespace locust::api::mountpaths {

// The effective mount paths: the spec's value, or the default when absent or "".
QString srcMountPath(const LocustTestSpecV2 &spec);
QString libMountPath(const LocustTestSpecV2 &spec);

bool usesTestFilesConfigMap(const LocustTestSpecV2 &spec); // testFiles.configMapRef non-empty
bool usesLibConfigMap(const LocustTestSpecV2 &spec);       // testFiles.libConfigMapRef non-empty

// The paths user mounts must stay clear of: the src path when test files are mounted, the lib path
// when the library is mounted, and both (possibly customised) paths when neither is, so that adding
// test files later cannot collide.
QStringList reservedPaths(const LocustTestSpecV2 &spec);

// One trailing "/" removed (review item M2): "/lotest/src/" and "/lotest/src" are the same mount.
QString normalized(const QString &path);

// Two mount paths conflict when they are equal or one lies inside the other, after normalized().
// Plain string comparison, as the reference does: "/lotest/src2" does not conflict with
// "/lotest/src", "/" conflicts with every absolute path and "" with every absolute path too.
bool conflict(const QString &a, const QString &b);

} // namespace locust::api::mountpaths
