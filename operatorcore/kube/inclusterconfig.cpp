#include "kube/inclusterconfig.h"

#include "kube/kubeconfig.h"
#include "support/goquote.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace locust::kube {

bool InClusterConfig::isInCluster(const QProcessEnvironment &environment)
{
    return !environment.value(u"KUBERNETES_SERVICE_HOST"_s).isEmpty()
        && !environment.value(u"KUBERNETES_SERVICE_PORT"_s).isEmpty();
}

Result<ClientConfig> InClusterConfig::load(const QProcessEnvironment &environment,
                                           const QString &serviceAccountDirectory)
{
    if (!isInCluster(environment)) {
        return Error{u"not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not "
                     "set"_s};
    }
    const QDir directory(serviceAccountDirectory);
    ClientConfig config;
    config.contextName = u"in-cluster"_s;
    config.source = serviceAccountDirectory;

    QString host = environment.value(u"KUBERNETES_SERVICE_HOST"_s);
    if (QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    config.server = QUrl(u"https://"_s + host + u':' + environment.value(u"KUBERNETES_SERVICE_PORT"_s));
    if (!config.server.isValid())
        return Error{u"KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT do not form a URL"_s};

    const QString tokenFile = directory.filePath(u"token"_s);
    if (!QFileInfo(tokenFile).isReadable())
        return Error{u"the service account token %1 is not readable"_s.arg(goQuote(tokenFile))};
    config.bearerTokenFile = tokenFile;

    QFile ca(directory.filePath(u"ca.crt"_s));
    if (!ca.open(QIODevice::ReadOnly))
        return Error{u"cannot read the service account CA %1: %2"_s.arg(goQuote(ca.fileName()), ca.errorString())};
    config.caPem = ca.readAll();
    config.caCertificates = QSslCertificate::fromData(config.caPem, QSsl::Pem);
    if (config.caCertificates.isEmpty())
        return Error{u"the service account CA %1 holds no PEM certificate"_s.arg(goQuote(ca.fileName()))};

    QFile namespaceFile(directory.filePath(u"namespace"_s));
    if (namespaceFile.open(QIODevice::ReadOnly)) {
        const QString ns = QString::fromUtf8(namespaceFile.readAll()).trimmed();
        if (!ns.isEmpty())
            config.namespaceName = ns;
    }
    return config;
}

Result<ClientConfig> defaultClientConfig(const QProcessEnvironment &environment, const QString &kubeconfigFlag,
                                         const QString &context)
{
    auto fromFiles = [&](const QStringList &files, bool mustExist) -> Result<ClientConfig> {
        const Result<KubeConfig> config = KubeConfig::load(files, mustExist);
        if (!config)
            return config.error();
        return config->clientConfig(context);
    };
    if (!kubeconfigFlag.isEmpty())
        return fromFiles({kubeconfigFlag}, true);
    if (!environment.value(u"KUBECONFIG"_s).isEmpty())
        return fromFiles(KubeConfig::defaultFiles(environment), false);
    if (InClusterConfig::isInCluster(environment) && context.isEmpty())
        return InClusterConfig::load(environment);
    return fromFiles(KubeConfig::defaultFiles(environment), true);
}

} // namespace locust::kube
