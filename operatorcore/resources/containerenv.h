#pragma once

#include "api/locusttestv2.h"
#include "config/operatorconfig.h"

#include <QJsonArray>

// The Locust container's environment, identical for master and workers.
namespace locust::resources::containerenv {

// In order: the seven Kafka variables from the operator configuration, the OpenTelemetry variables
// (only when enabled; extraEnvVars sorted by name), then spec.env.variables verbatim. The user's
// variables come last, so a user value wins over the operator's (Kubernetes uses the later entry).
QJsonArray env(const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config);

// spec.env.configMapRefs, then spec.env.secretRefs, as envFrom sources. Empty when none.
QJsonArray envFrom(const api::LocustTestSpecV2 &spec);

} // namespace locust::resources::containerenv
