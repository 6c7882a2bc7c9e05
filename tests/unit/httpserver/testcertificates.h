#pragma once

#include "support/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace locust::httpserver::testing {

enum class KeyType { Ec, Rsa };

struct CertificateFiles
{
    QString certificatePath;
    QString keyPath;
    QByteArray certificatePem;
    QByteArray keyPem;
};

// Runs the openssl command-line tool; its output, or its stderr as the error.
Result<QByteArray> runOpenssl(const QStringList &arguments);

// A throwaway self-signed certificate (CN=commonName, SAN IP:127.0.0.1 and DNS:localhost, one day)
// and its key (PKCS#8, openssl's default), written to <directory>/<baseName>.crt and .key.
Result<CertificateFiles> makeSelfSigned(const QString &directory, const QString &baseName, const QString &commonName,
                                        KeyType type = KeyType::Ec);

// A leaf certificate signed by the CA in ca; the certificate file holds leaf then CA (a chain).
Result<CertificateFiles> makeSignedBy(const CertificateFiles &ca, const QString &directory, const QString &baseName,
                                      const QString &commonName);

QByteArray readAll(const QString &path);
bool writeFile(const QString &path, const QByteArray &content);

} // namespace locust::httpserver::testing
