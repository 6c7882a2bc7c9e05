#pragma once

#include "config/operatorconfig.h"

#include <QJsonObject>

namespace locust::resources::metricsexporter {

// The Prometheus exporter of the master pod, as a native sidecar: an init container with
// restartPolicy Always, which the kubelet stops once the Locust container has exited, so the
// master Job can complete (upstream #72/#327). It scrapes Locust's web API on localhost:8089 and
// serves /metrics on the configured port. Hardened: no privilege escalation, all capabilities
// dropped, read-only root file system; the CR's containerSecurityContext does not apply to it.
QJsonObject container(const config::OperatorConfig &config);

} // namespace locust::resources::metricsexporter
