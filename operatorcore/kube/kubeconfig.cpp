#include "kube/kubeconfig.h"

#include "serialization/yamlreader.h"
#include "support/goquote.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::kube {

namespace {

QString resolvePath(const QString &path, const QString &directory)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir(directory).filePath(path));
}

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"cannot read %1 %2: %3"_s.arg(what, goQuote(path), file.errorString())};
    return file.readAll();
}

// "<name>-data" (base64) wins over "<name>" (a file path), as in client-go.
Result<QByteArray> dataOrFile(const QJsonObject &fields, const QString &key, const QString &directory,
                              const QString &what)
{
    const QString data = fields.value(key + u"-data"_s).toString();
    if (!data.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return Error{u"%1-data of %2 is not valid base64"_s.arg(key, what)};
        return *decoded;
    }
    const QString path = fields.value(key).toString();
    if (path.isEmpty())
        return QByteArray();
    return readFile(resolvePath(path, directory), key + u" of "_s + what);
}

Result<QSslKey> parseKey(const QByteArray &pem, const QString &what)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        const QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return Error{u"client-key of %1 is not a PEM private key (RSA, EC or DSA)"_s.arg(what)};
}

} // namespace

QStringList KubeConfig::defaultFiles(const QProcessEnvironment &environment, const QString &explicitPath)
{
    if (!explicitPath.isEmpty())
        return {explicitPath};
    const QString list = environment.value(u"KUBECONFIG"_s);
    if (!list.isEmpty()) {
        QStringList files;
        for (const QString &file : list.split(u':', Qt::SkipEmptyParts)) {
            if (!files.contains(file))
                files << file;
        }
        return files;
    }
    const QString home = environment.value(u"HOME"_s, QDir::homePath());
    return {QDir(home).filePath(u".kube/config"_s)};
}

Result<KubeConfig> KubeConfig::parse(const QByteArray &yaml, const QString &directory, const QString &name)
{
    const auto documents = serialization::YamlReader::readAll(yaml);
    if (!documents)
        return Error{u"kubeconfig %1: %2"_s.arg(goQuote(name), documents.errorMessage())};
    KubeConfig config;
    config.m_files << name;
    if (documents->isEmpty())
        return config;
    if (documents->size() > 1 || !documents->first().value.isObject())
        return Error{u"kubeconfig %1 is not a single YAML mapping"_s.arg(goQuote(name))};
    const QJsonObject document = documents->first().value.toObject();
    config.m_currentContext = document.value(u"current-context").toString();
    for (const auto &[listKey, entryKey, target] :
         {std::tuple{u"clusters"_s, u"cluster"_s, &config.m_clusters}, std::tuple{u"users"_s, u"user"_s, &config.m_users},
          std::tuple{u"contexts"_s, u"context"_s, &config.m_contexts}}) {
        const QJsonValue list = document.value(listKey);
        if (!list.isUndefined() && !list.isNull() && !list.isArray())
            return Error{u"kubeconfig %1: %2 must be a list"_s.arg(goQuote(name), listKey)};
        for (const QJsonValue &item : list.toArray()) {
            const QJsonObject object = item.toObject();
            const QString entryName = object.value(u"name").toString();
            if (entryName.isEmpty())
                return Error{u"kubeconfig %1: an entry of %2 has no name"_s.arg(goQuote(name), listKey)};
            if (!object.value(entryKey).isObject() && !object.value(entryKey).isUndefined())
                return Error{u"kubeconfig %1: %2 %3 is not a mapping"_s.arg(goQuote(name), entryKey, goQuote(entryName))};
            if (!target->contains(entryName))
                target->insert(entryName, Entry{object.value(entryKey).toObject(), directory, name});
        }
    }
    return config;
}

Result<KubeConfig> KubeConfig::load(const QStringList &files, bool allMustExist)
{
    KubeConfig merged;
    for (const QString &file : files) {
        const QFileInfo info(file);
        if (!info.exists()) {
            if (allMustExist)
                return Error{u"kubeconfig %1 does not exist"_s.arg(goQuote(file))};
            continue;
        }
        const Result<QByteArray> text = readFile(file, u"kubeconfig"_s);
        if (!text)
            return text.error();
        const Result<KubeConfig> one = parse(*text, info.absolutePath(), file);
        if (!one)
            return one.error();
        // The first file that defines a name, or a current-context, wins.
        for (auto it = one->m_clusters.constBegin(); it != one->m_clusters.constEnd(); ++it)
            merged.m_clusters.insert(it.key(), merged.m_clusters.value(it.key(), it.value()));
        for (auto it = one->m_users.constBegin(); it != one->m_users.constEnd(); ++it)
            merged.m_users.insert(it.key(), merged.m_users.value(it.key(), it.value()));
        for (auto it = one->m_contexts.constBegin(); it != one->m_contexts.constEnd(); ++it)
            merged.m_contexts.insert(it.key(), merged.m_contexts.value(it.key(), it.value()));
        if (merged.m_currentContext.isEmpty())
            merged.m_currentContext = one->m_currentContext;
        merged.m_files << file;
    }
    if (merged.m_files.isEmpty())
        return Error{u"no kubeconfig found (looked for %1)"_s.arg(files.join(u", "_s))};
    return merged;
}

QStringList KubeConfig::contextNames() const
{
    return m_contexts.keys();
}

QString KubeConfig::contextNamespace(const QString &context) const
{
    const QString ns = m_contexts.value(context).fields.value(u"namespace").toString();
    return ns.isEmpty() ? u"default"_s : ns;
}

QString KubeConfig::sources() const
{
    return m_files.join(u", "_s);
}

Result<ClientConfig> KubeConfig::clientConfig(const QString &context) const
{
    const QString name = context.isEmpty() ? m_currentContext : context;
    if (name.isEmpty())
        return Error{u"no current context is set in %1; choose one with --context"_s.arg(sources())};
    if (!m_contexts.contains(name))
        return Error{u"context %1 not found in %2"_s.arg(goQuote(name), sources())};
    return resolve(name);
}

Result<ClientConfig> KubeConfig::resolve(const QString &contextName) const
{
    const QJsonObject context = m_contexts.value(contextName).fields;
    const QString clusterName = context.value(u"cluster").toString();
    const QString userName = context.value(u"user").toString();
    if (clusterName.isEmpty())
        return Error{u"context %1 in %2 names no cluster"_s.arg(goQuote(contextName), sources())};
    if (!m_clusters.contains(clusterName))
        return Error{u"cluster %1 of context %2 not found in %3"_s.arg(goQuote(clusterName), goQuote(contextName), sources())};
    if (!userName.isEmpty() && !m_users.contains(userName))
        return Error{u"user %1 of context %2 not found in %3"_s.arg(goQuote(userName), goQuote(contextName), sources())};

    ClientConfig config;
    config.contextName = contextName;
    config.source = sources();
    config.namespaceName = contextNamespace(contextName);

    // The cluster.
    const Entry &cluster = m_clusters[clusterName];
    const QString clusterWhat = u"cluster "_s + goQuote(clusterName);
    const QString server = cluster.fields.value(u"server").toString();
    config.server = QUrl(server, QUrl::StrictMode);
    if (server.isEmpty())
        return Error{clusterWhat + u" has no server"_s};
    if (!config.server.isValid() || config.server.host().isEmpty()
        || (config.server.scheme() != u"https" && config.server.scheme() != u"http")) {
        return Error{u"server %1 of %2 is not an http(s) URL"_s.arg(goQuote(server), clusterWhat)};
    }
    config.insecureSkipTlsVerify = cluster.fields.value(u"insecure-skip-tls-verify").toBool();
    config.tlsServerName = cluster.fields.value(u"tls-server-name").toString();
    if (const QString proxy = cluster.fields.value(u"proxy-url").toString(); !proxy.isEmpty()) {
        config.proxy = QUrl(proxy, QUrl::StrictMode);
        if (!config.proxy.isValid() || config.proxy.host().isEmpty())
            return Error{u"proxy-url %1 of %2 is not a URL"_s.arg(goQuote(proxy), clusterWhat)};
    }
    const Result<QByteArray> ca = dataOrFile(cluster.fields, u"certificate-authority"_s, cluster.directory, clusterWhat);
    if (!ca)
        return ca.error();
    if (!ca->isEmpty()) {
        config.caCertificates = QSslCertificate::fromData(*ca, QSsl::Pem);
        if (config.caCertificates.isEmpty())
            return Error{u"certificate-authority of %1 holds no PEM certificate"_s.arg(clusterWhat)};
        config.caPem = *ca;
    }
    if (config.insecureSkipTlsVerify && !config.caCertificates.isEmpty()) {
        return Error{u"%1 sets both insecure-skip-tls-verify and a certificate-authority; choose one"_s.arg(
            clusterWhat)};
    }

    if (userName.isEmpty())
        return config;

    // The user.
    const Entry &user = m_users[userName];
    const QString userWhat = u"user "_s + goQuote(userName);
    if (user.fields.contains(u"auth-provider")) {
        return Error{u"%1 uses auth-provider %2, which is not supported; configure an exec credential plugin "
                     "(for example the cloud provider's kubectl plugin) instead"_s.arg(
            userWhat, goQuote(user.fields.value(u"auth-provider").toObject().value(u"name").toString()))};
    }
    const Result<QByteArray> certificate =
        dataOrFile(user.fields, u"client-certificate"_s, user.directory, userWhat);
    if (!certificate)
        return certificate.error();
    const Result<QByteArray> key = dataOrFile(user.fields, u"client-key"_s, user.directory, userWhat);
    if (!key)
        return key.error();
    if (certificate->isEmpty() != key->isEmpty())
        return Error{u"%1 has a client certificate without a key, or a key without a certificate"_s.arg(userWhat)};
    if (!certificate->isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*certificate, QSsl::Pem);
        if (certificates.isEmpty())
            return Error{u"client-certificate of %1 holds no PEM certificate"_s.arg(userWhat)};
        const Result<QSslKey> privateKey = parseKey(*key, userWhat);
        if (!privateKey)
            return privateKey.error();
        config.clientCertificate = certificates.first();
        config.clientKey = *privateKey;
    }
    config.bearerToken = user.fields.value(u"token").toString();
    config.bearerTokenFile = resolvePath(user.fields.value(u"tokenFile").toString(), user.directory);
    config.username = user.fields.value(u"username").toString();
    config.password = user.fields.value(u"password").toString();
    config.impersonateUser = user.fields.value(u"as").toString();
    for (const QJsonValue &group : user.fields.value(u"as-groups").toArray())
        config.impersonateGroups << group.toString();

    if (user.fields.value(u"exec").isObject()) {
        const QJsonObject exec = user.fields.value(u"exec").toObject();
        ExecConfig plugin;
        plugin.apiVersion = exec.value(u"apiVersion").toString();
        plugin.command = exec.value(u"command").toString();
        if (plugin.command.isEmpty())
            return Error{u"the exec plugin of %1 has no command"_s.arg(userWhat)};
        if (plugin.command.contains(u'/'))
            plugin.command = resolvePath(plugin.command, user.directory);
        for (const QJsonValue &arg : exec.value(u"args").toArray())
            plugin.args << arg.toString();
        for (const QJsonValue &variable : exec.value(u"env").toArray()) {
            const QJsonObject object = variable.toObject();
            plugin.env << qMakePair(object.value(u"name").toString(), object.value(u"value").toString());
        }
        plugin.installHint = exec.value(u"installHint").toString();
        plugin.provideClusterInfo = exec.value(u"provideClusterInfo").toBool();
        plugin.interactiveMode = exec.value(u"interactiveMode").toString();
        if (plugin.apiVersion != u"client.authentication.k8s.io/v1"
            && plugin.apiVersion != u"client.authentication.k8s.io/v1beta1") {
            return Error{u"the exec plugin of %1 uses apiVersion %2; supported: client.authentication.k8s.io/v1, "
                         "client.authentication.k8s.io/v1beta1"_s.arg(userWhat, goQuote(plugin.apiVersion))};
        }
        if (plugin.interactiveMode == u"Always") {
            return Error{u"the exec plugin of %1 needs an interactive terminal (interactiveMode: Always), which this "
                         "program cannot provide"_s.arg(userWhat)};
        }
        config.exec = plugin;
    }
    return config;
}

} // namespace locust::kube
