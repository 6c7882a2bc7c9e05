#include "controlplane.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace locust::testsupport {

QString ProcessResult::describe() const
{
    QString text = u"exit %1"_s.arg(exitCode);
    const QString err = QString::fromUtf8(standardError).trimmed();
    if (!err.isEmpty())
        text += u": "_s + err;
    const QString out = QString::fromUtf8(standardOutput).trimmed();
    if (!out.isEmpty())
        text += u"\nstdout: "_s + out.left(2000);
    return text;
}

Result<ControlPlane> ControlPlane::fromEnvironment()
{
    const QString dir = qEnvironmentVariable("LOCUST_TEST_CLUSTER_DIR");
    if (dir.isEmpty()) {
        return Error{u"LOCUST_TEST_CLUSTER_DIR is not set: run integration tests with ctest (fixture "
                     "control_plane), or start a control plane with tests/cluster/control-plane.sh start DIR "
                     "and set LOCUST_TEST_CLUSTER_DIR=DIR"_s};
    }
    return load(dir);
}

Result<ControlPlane> ControlPlane::load(const QString &dir)
{
    const QString path = QDir(dir).filePath(u"env"_s);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{u"cannot read %1: %2 (is the control plane running?)"_s.arg(path, file.errorString())};

    static const QRegularExpression assignment(u"^export ([A-Za-z_][A-Za-z0-9_]*)='([^']*)'$"_s);
    ControlPlane plane;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const QRegularExpressionMatch match = assignment.match(line);
        if (match.hasMatch())
            plane.variables.insert(match.captured(1), match.captured(2));
    }

    QStringList missing;
    auto take = [&](const char *name) {
        const QString key = QString::fromLatin1(name);
        const QString value = plane.variables.value(key);
        if (value.isEmpty())
            missing << key;
        return value;
    };
    plane.dir = take("LOCUST_TEST_CLUSTER_DIR");
    plane.kubeconfig = take("LOCUST_TEST_KUBECONFIG");
    plane.tokenKubeconfig = take("TOKEN_KUBECONFIG");
    plane.kubectl = take("KUBECTL");
    plane.apiserverUrl = take("APISERVER_URL");
    plane.apiserverPort = take("APISERVER_PORT").toInt();
    plane.etcdEndpoint = take("ETCD_ENDPOINT");
    plane.caCert = take("CA_CERT");
    plane.caKey = take("CA_KEY");
    plane.adminCert = take("ADMIN_CERT");
    plane.adminKey = take("ADMIN_KEY");
    plane.adminToken = take("ADMIN_TOKEN");
    plane.webhookCert = take("WEBHOOK_CERT");
    plane.webhookKey = take("WEBHOOK_KEY");
    plane.serviceAccountKey = take("SERVICE_ACCOUNT_KEY");
    plane.serviceAccountPublicKey = take("SERVICE_ACCOUNT_PUBLIC_KEY");
    plane.serviceAccountIssuer = take("SERVICE_ACCOUNT_ISSUER");
    plane.script = take("CONTROL_PLANE_SCRIPT");
    if (!missing.isEmpty())
        return Error{u"%1 lacks %2 (written by an older or interrupted control-plane.sh?)"_s.arg(
            path, missing.join(u", "_s))};
    if (!QFileInfo(plane.kubectl).isExecutable())
        return Error{u"%1 from %2 is not an executable"_s.arg(plane.kubectl, path)};
    return plane;
}

ProcessResult runProcess(const QString &program, const QStringList &arguments, const QByteArray &standardInput,
                         int timeoutMs)
{
    ProcessResult result;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"KUBECONFIG"_s); // only the explicit --kubeconfig counts
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(30'000)) {
        result.standardError = u"cannot start %1: %2"_s.arg(program, process.errorString()).toUtf8();
        return result;
    }
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();
    const bool finished = process.waitForFinished(timeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished(5'000);
    }
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    if (!finished) {
        result.standardError += u"\n%1 %2 timed out after %3 ms"_s
                                    .arg(program, arguments.join(u' '))
                                    .arg(timeoutMs)
                                    .toUtf8();
    } else if (process.exitStatus() == QProcess::CrashExit) {
        result.standardError += u"\n%1 crashed"_s.arg(program).toUtf8();
    } else {
        result.exitCode = process.exitCode();
    }
    return result;
}

ProcessResult ControlPlane::runKubectl(const QStringList &arguments, const QByteArray &standardInput,
                                       int timeoutMs) const
{
    QStringList all{u"--kubeconfig"_s, kubeconfig, u"--cache-dir"_s, QDir(dir).filePath(u"kubectl-cache"_s)};
    all += arguments;
    return runProcess(kubectl, all, standardInput, timeoutMs);
}

ProcessResult ControlPlane::runScript(const QString &command, int timeoutMs) const
{
    return runProcess(u"bash"_s, {script, command, dir}, {}, timeoutMs);
}

ProcessResult ControlPlane::restartApiserver() const
{
    return runScript(u"restart-apiserver"_s);
}

ProcessResult ControlPlane::compactEtcd() const
{
    return runScript(u"compact"_s);
}

QString uniqueName(const QString &prefix)
{
    return u"%1-%2"_s.arg(prefix).arg(uint(QRandomGenerator::global()->generate()), 8, 16, QChar(u'0'));
}

} // namespace locust::testsupport
