#include "testcertificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace locust::httpserver::testing {

Result<QByteArray> runOpenssl(const QStringList &arguments)
{
    QProcess process;
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        return Error{u"openssl %1 failed: %2 %3"_s.arg(arguments.join(u' '), process.errorString(),
                                                       QString::fromLocal8Bit(process.readAllStandardError()))};
    }
    return process.readAllStandardOutput();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

Result<CertificateFiles> makeSelfSigned(const QString &directory, const QString &baseName, const QString &commonName,
                                        KeyType type)
{
    CertificateFiles files;
    files.certificatePath = QDir(directory).filePath(baseName + u".crt"_s);
    files.keyPath = QDir(directory).filePath(baseName + u".key"_s);
    QStringList arguments{u"req"_s, u"-x509"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN="_s + commonName,
                          u"-addext"_s, u"subjectAltName=IP:127.0.0.1,DNS:localhost"_s,
                          u"-keyout"_s, files.keyPath, u"-out"_s, files.certificatePath};
    if (type == KeyType::Ec)
        arguments << u"-newkey"_s << u"ec"_s << u"-pkeyopt"_s << u"ec_paramgen_curve:P-256"_s;
    else
        arguments << u"-newkey"_s << u"rsa:2048"_s;
    if (const Result<QByteArray> made = runOpenssl(arguments); !made)
        return made.error();
    files.certificatePem = readAll(files.certificatePath);
    files.keyPem = readAll(files.keyPath);
    return files;
}

Result<CertificateFiles> makeSignedBy(const CertificateFiles &ca, const QString &directory, const QString &baseName,
                                      const QString &commonName)
{
    CertificateFiles files;
    files.certificatePath = QDir(directory).filePath(baseName + u".crt"_s);
    files.keyPath = QDir(directory).filePath(baseName + u".key"_s);
    const QString request = QDir(directory).filePath(baseName + u".csr"_s);
    const QString leafOnly = QDir(directory).filePath(baseName + u".leaf"_s);
    const QList<QStringList> steps{
        {u"req"_s, u"-new"_s, u"-nodes"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:P-256"_s,
         u"-subj"_s, u"/CN="_s + commonName, u"-keyout"_s, files.keyPath, u"-out"_s, request},
        {u"x509"_s, u"-req"_s, u"-in"_s, request, u"-CA"_s, ca.certificatePath, u"-CAkey"_s, ca.keyPath,
         u"-CAcreateserial"_s, u"-days"_s, u"1"_s, u"-out"_s, leafOnly},
    };
    for (const QStringList &step : steps) {
        if (const Result<QByteArray> done = runOpenssl(step); !done)
            return done.error();
    }
    files.certificatePem = readAll(leafOnly) + ca.certificatePem;
    files.keyPem = readAll(files.keyPath);
    if (!writeFile(files.certificatePath, files.certificatePem))
        return Error{u"cannot write "_s + files.certificatePath};
    return files;
}

} // namespace locust::httpserver::testing
