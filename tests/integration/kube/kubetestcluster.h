#pragma once

#include "controlplane.h"
#include "kube/kubeclient.h"

#include <QJsonObject>
#include <QString>

#include <memory>

// What the client's integration tests share: a KubeClient for the control plane's admin, and a
// namespace of the test's own that is deleted at the end.
namespace locust::testsupport {

class KubeTestCluster
{
public:
    // Fails the current test (QFAIL-style, via qFatal) when the control plane is not there.
    static KubeTestCluster connect();

    const ControlPlane &controlPlane() const { return m_controlPlane; }
    // The admin's client configuration (client certificate), as read from the kubeconfig.
    kube::ClientConfig adminConfig() const;
    std::unique_ptr<kube::KubeClient> adminClient(QObject *parent = nullptr) const;

    // Creates a namespace named "<prefix>-<random>" and returns its name.
    QString createNamespace(kube::KubeClient &client, const QString &prefix) const;
    void deleteNamespace(kube::KubeClient &client, const QString &name) const;

private:
    ControlPlane m_controlPlane;
};

// True when the request failed with NotFound (and false when it succeeded, instead of throwing the
// way error() does on a successful result).
template<typename T>
bool isNotFound(const kube::ApiResult<T> &result)
{
    return !result && result.error().isNotFound();
}

QJsonObject configMap(const QString &namespaceName, const QString &name, const QJsonObject &data = {},
                      const QJsonObject &labels = {});

QJsonObject secret(const QString &namespaceName, const QString &name);

} // namespace locust::testsupport
