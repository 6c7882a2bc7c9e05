#pragma once

#include "api/locusttestv2.h"
#include "api/naming.h"
#include "config/operatorconfig.h"

#include <QJsonObject>

// Labels and annotations of the master and worker pod templates.
namespace locust::resources::podmetadata {

// app and performance-test-name = the CR name (dots kept), performance-test-pod-name = the
// generated node name, managed-by = locust-k8s-operator; then the role's user labels. The operator
// finds pods and routes the Service by performance-test-name, performance-test-pod-name and
// managed-by, so user values for those keys never replace the operator's (the validator rejects
// them); `app` can be overridden.
QJsonObject labels(const api::LocustTestSpecV2 &spec, const QString &crName, api::naming::Role role);

// Master pods get the Prometheus scrape annotations for the metrics exporter while OpenTelemetry
// is off (review item M25); then the role's user annotations, which win.
QJsonObject annotations(const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config,
                        api::naming::Role role);

} // namespace locust::resources::podmetadata
