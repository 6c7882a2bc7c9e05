#pragma once

#include "api/locusttestv1.h"
#include "api/locusttestv2.h"

namespace locust::api {

// The CRD's structural-schema defaults, applied the way the API server applies them: a default
// fills a field only when its parent object is present, and null counts as absent. The API server
// defaults every object it decodes (in the request's version) and every object it reads from
// storage (in v2), so offline tools apply these before validating or rendering, to judge an object
// as the cluster will see it.
class LocustTestDefaults
{
public:
    static LocustTestV2 applied(LocustTestV2 test);
    static LocustTestSpecV2 applied(LocustTestSpecV2 spec);
    static LocustTestV1 applied(LocustTestV1 test);

    static constexpr bool autostart = true;
    static constexpr bool autoquitEnabled = true;
    static constexpr qint32 autoquitTimeout = 60;
    static constexpr qint32 v1WorkerReplicas = 1;
};

} // namespace locust::api
