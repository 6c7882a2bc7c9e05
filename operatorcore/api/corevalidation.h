#pragma once

#include "api/jsonfieldreader.h"
#include "support/fielderror.h"

#include <QJsonArray>
#include <QJsonObject>

// Checks of the Kubernetes core types a LocustTest embeds (labels, resources, tolerations, volumes,
// env vars), with the API server's rules and wording. The reference operator left these to the
// API server, which applies them only when the operator creates the Job: a bad value then kept the
// test in Pending forever. Checking them at admission and in `validate` turns that into an
// immediate, precise error.
namespace locust::api::corevalidation {

struct Findings
{
    FieldErrorList errors;
    FieldWarningList warnings;
};

FieldErrorList labels(const StringMap &labels, const QString &path);
FieldErrorList annotations(const StringMap &annotations, const QString &path);
// ResourceRequirements: shape, resource names, quantities, and requests <= limits.
FieldErrorList resourceRequirements(const QJsonObject &resources, const QString &path);
FieldErrorList tolerations(const QJsonArray &tolerations, const QString &path);
// One Volume: name (a DNS-1123 label) and at most one volume source.
FieldErrorList volume(const QJsonObject &volume, const QString &path);
// One EnvVar: name, value xor valueFrom, exactly one valueFrom source.
Findings envVar(const QJsonObject &variable, const QString &path);
// An environment variable name (also used for envFrom prefixes).
Findings envVarName(const QString &name, const QString &path);
// A ConfigMap or Secret name (a DNS-1123 subdomain).
FieldErrorList objectName(const QString &name, const QString &path);
// Unknown keys (typos that kubectl's strict validation would reject) in security contexts and in
// the first levels of an Affinity.
FieldErrorList podSecurityContext(const QJsonObject &context, const QString &path);
FieldErrorList containerSecurityContext(const QJsonObject &context, const QString &path);
FieldErrorList affinity(const QJsonObject &affinity, const QString &path);

} // namespace locust::api::corevalidation
