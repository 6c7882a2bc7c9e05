#pragma once

#include "api/locusttestv2.h"
#include "api/naming.h"
#include "config/operatorconfig.h"

#include <QJsonObject>

namespace locust::resources::containerresources {

// The Locust container's resources, by the three-level precedence (review item C2):
//  1. the CR's master/worker `resources`, when it sets any request or limit, replaces everything
//     (as in Kubernetes, no merging; a block with only `claims` counts as not set);
//  2. otherwise the operator's role-specific values, field by field,
//  3. over its unified values.
// Quantities are written in canonical form, as the API server stores them. An empty result (every
// value configured away) yields {}, i.e. no requests and no limits.
QJsonObject locust(const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config, api::naming::Role role);

// A ResourceRequirements object with its request and limit quantities canonicalised; values that
// do not parse are kept as written (validation reports them).
QJsonObject canonicalized(const QJsonObject &resources);

} // namespace locust::resources::containerresources
