#pragma once

#include "api/locusttestv2.h"
#include "config/operatorconfig.h"

#include <QJsonObject>

namespace locust::resources {

// The master Service "<cr>-master": a ClusterIP Service selecting the master pod by
// performance-test-pod-name, with Locust's ports 5557 and 5558 and, while OpenTelemetry is off,
// the metrics exporter's port. The web UI (8089) is deliberately not exposed; users port-forward.
class ServiceBuilder
{
public:
    static QJsonObject build(const api::LocustTestV2 &test, const config::OperatorConfig &config);
};

} // namespace locust::resources
