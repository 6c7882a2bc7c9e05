#pragma once

#include "api/locusttestv1.h"
#include "api/locusttestv2.h"
#include "support/fielderror.h"

namespace locust::api {

// Operator settings that change whether a spec field takes effect, so validation can warn when a
// user's setting would be ignored (affinity and tolerations are copied only while injection is on).
struct ValidationOptions
{
    bool affinityInjection = true;
    bool tolerationsInjection = true;
};

struct ValidationResult
{
    FieldErrorList errors;
    FieldWarningList warnings;

    bool ok() const { return errors.isEmpty(); }
};

// Validates a LocustTest as the cluster would judge it, and more strictly where the reference let
// an object through that could never run (docs/api.md, "Validation"):
//
//  1. the CRD schema: required fields, enums, ranges, patterns;
//  2. the reference's admission rules W1-W6 in its order and with its exact messages (so the
//     first error for such an object is the one the reference webhook gave);
//  3. the gaps the reference left open: names that yield invalid generated names, duplicate or
//     colliding volumes and mounts, labels that would override the operator's, invalid core
//     types (labels, quantities, tolerations, env vars) that would otherwise only fail when the
//     Job is created.
//
// All errors are reported, not just the first. Warnings cover settings that would be silently
// ignored or that override what the operator manages (extraArgs repeating operator flags, affinity
// while injection is off, OpenTelemetry settings while it is disabled, ...).
//
// Objects are expected with the CRD defaults applied (LocustTestDefaults), as the API server
// presents them to admission webhooks.
class LocustTestValidator
{
public:
    explicit LocustTestValidator(ValidationOptions options = {});

    ValidationResult validate(const LocustTestV2 &test) const;
    // The v1 schema, then the v2 rules on the converted object, reported with v1 field paths.
    ValidationResult validate(const LocustTestV1 &test) const;

private:
    ValidationOptions m_options;
};

} // namespace locust::api
