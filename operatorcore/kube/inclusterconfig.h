#pragma once

#include "kube/clientconfig.h"
#include "support/result.h"

#include <QProcessEnvironment>
#include <QString>

namespace locust::kube {

// The configuration of a process running in a pod: the API server from KUBERNETES_SERVICE_HOST and
// KUBERNETES_SERVICE_PORT, the service account's CA, namespace and token. The token is a file the
// kubelet rotates, so the configuration names the file (CredentialProvider re-reads it) instead of
// copying the token.
class InClusterConfig
{
public:
    static constexpr const char *defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    static Result<ClientConfig> load(const QProcessEnvironment &environment,
                                     const QString &serviceAccountDirectory =
                                         QString::fromLatin1(defaultServiceAccountDirectory));
    static bool isInCluster(const QProcessEnvironment &environment);
};

// The configuration a program uses when nobody says otherwise, in controller-runtime's order: the
// --kubeconfig path, the KUBECONFIG variable, the in-cluster configuration, ~/.kube/config.
Result<ClientConfig> defaultClientConfig(const QProcessEnvironment &environment, const QString &kubeconfigFlag = {},
                                         const QString &context = {});

} // namespace locust::kube
