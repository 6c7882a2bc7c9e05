#pragma once

#include "api/locusttestv2.h"
#include "api/naming.h"
#include "config/operatorconfig.h"

#include <QJsonObject>

namespace locust::resources {

// The master Job "<cr>-master" (parallelism 1) and the worker Job "<cr>-worker" (parallelism =
// worker.replicas): backoffLimit 0, pods with restartPolicy Never, one Locust container, the
// metrics exporter sidecar on the master while OpenTelemetry is off, and every v2 field wired in
// (docs/api.md, "Generated resources").
class JobBuilder
{
public:
    static QJsonObject build(const api::LocustTestV2 &test, const config::OperatorConfig &config,
                             api::naming::Role role);
};

} // namespace locust::resources
