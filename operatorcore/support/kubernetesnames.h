#pragma once

#include <QString>
#include <QStringList>

// Kubernetes' own name and label rules (k8s.io/apimachinery/pkg/util/validation), with its wording,
// so that a name we accept is one the API server accepts. Each function returns the list of problems;
// an empty list means valid.
namespace locust::kubernetesnames {

inline constexpr int dns1123LabelMaxLength = 63;
inline constexpr int dns1123SubdomainMaxLength = 253;
inline constexpr int labelValueMaxLength = 63;

QStringList dns1123Subdomain(const QString &value); // object names, RuntimeClass names
QStringList dns1123Label(const QString &value);     // volume names, container names
QStringList dns1035Label(const QString &value);     // Service names
QStringList qualifiedName(const QString &value);    // label and annotation keys
QStringList labelValue(const QString &value);

} // namespace locust::kubernetesnames
