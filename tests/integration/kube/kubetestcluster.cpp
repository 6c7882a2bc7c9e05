#include "kubetestcluster.h"

#include "awaittask.h"
#include "kube/kubeconfig.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace locust::testsupport {

KubeTestCluster KubeTestCluster::connect()
{
    const Result<ControlPlane> controlPlane = ControlPlane::fromEnvironment();
    if (!controlPlane)
        qFatal("no control plane: %s", qPrintable(controlPlane.errorMessage()));
    KubeTestCluster cluster;
    cluster.m_controlPlane = *controlPlane;
    return cluster;
}

kube::ClientConfig KubeTestCluster::adminConfig() const
{
    const auto kubeconfig = kube::KubeConfig::load({m_controlPlane.kubeconfig}, true);
    if (!kubeconfig)
        qFatal("%s", qPrintable(kubeconfig.errorMessage()));
    const auto config = kubeconfig->clientConfig();
    if (!config)
        qFatal("%s", qPrintable(config.errorMessage()));
    kube::ClientConfig adjusted = *config;
    adjusted.qps = 0; // tests measure behaviour, not throttling
    return adjusted;
}

std::unique_ptr<kube::KubeClient> KubeTestCluster::adminClient(QObject *parent) const
{
    return std::make_unique<kube::KubeClient>(adminConfig(), kube::Clock::system(), parent);
}

QString KubeTestCluster::createNamespace(kube::KubeClient &client, const QString &prefix) const
{
    const QString name = uniqueName(prefix);
    const auto created = await(client.create(
        kube::ResourceType::namespaces(),
        QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, name}}}}));
    if (!created)
        qFatal("cannot create namespace %s: %s", qPrintable(name), qPrintable(created.errorMessage()));
    return name;
}

void KubeTestCluster::deleteNamespace(kube::KubeClient &client, const QString &name) const
{
    (void)await(client.remove(kube::ResourceType::namespaces(), kube::ObjectKey{QString(), name}));
}

QJsonObject configMap(const QString &namespaceName, const QString &name, const QJsonObject &data,
                      const QJsonObject &labels)
{
    QJsonObject metadata{{u"name"_s, name}, {u"namespace"_s, namespaceName}};
    if (!labels.isEmpty())
        metadata.insert(u"labels"_s, labels);
    QJsonObject object{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s}, {u"metadata"_s, metadata}};
    if (!data.isEmpty())
        object.insert(u"data"_s, data);
    return object;
}

QJsonObject secret(const QString &namespaceName, const QString &name)
{
    return QJsonObject{{u"apiVersion"_s, u"v1"_s},
                       {u"kind"_s, u"Secret"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, namespaceName}}}};
}

} // namespace locust::testsupport
