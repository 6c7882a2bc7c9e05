#pragma once

#include "api/locusttestv2.h"
#include "api/naming.h"

#include <QJsonArray>

namespace locust::resources {

// The pod volumes and the matching Locust container mounts of one role, in this order: the
// test-files ConfigMap, the library ConfigMap, one Secret per secretMount, then the user's volumes
// that have at least one mount targeting this role (a volume nobody mounts is left out).
struct PodVolumes
{
    QJsonArray volumes;
    QJsonArray mounts;

    static PodVolumes build(const api::LocustTestSpecV2 &spec, const QString &crName, api::naming::Role role);
};

} // namespace locust::resources
