#pragma once

#include "kube/clientconfig.h"
#include "support/result.h"

#include <QJsonObject>
#include <QMap>
#include <QProcessEnvironment>
#include <QStringList>

namespace locust::kube {

// The merged content of one or more kubeconfig files, with client-go's precedence: for clusters,
// users and contexts the first file that defines a name wins, and the first non-empty
// current-context wins. Relative file paths in an entry resolve against the directory of the file
// that defined it. Reading never throws: a broken file, a missing context or an unreadable
// certificate is an Error that says which file and which entry.
class KubeConfig
{
public:
    // The files to read: an explicit path (the --kubeconfig flag), else the KUBECONFIG list
    // (':'-separated; missing entries are skipped), else ~/.kube/config.
    static QStringList defaultFiles(const QProcessEnvironment &environment, const QString &explicitPath = {});

    // Reads and merges the files. The explicit path, when given, must exist; files of the
    // KUBECONFIG list that do not exist are skipped, as kubectl does.
    static Result<KubeConfig> load(const QStringList &files, bool allMustExist = false);
    // Parses one kubeconfig document from memory (directory: for relative paths).
    static Result<KubeConfig> parse(const QByteArray &yaml, const QString &directory, const QString &name);

    QStringList contextNames() const;
    QString currentContext() const { return m_currentContext; }
    // The namespace a context selects ("default" when it names none).
    QString contextNamespace(const QString &context) const;

    // The client configuration of a context; an empty name means the current context.
    Result<ClientConfig> clientConfig(const QString &context = {}) const;

private:
    struct Entry
    {
        QJsonObject fields;
        QString directory; // of the file that defined it
        QString file;
    };

    Result<ClientConfig> resolve(const QString &contextName) const;
    QString sources() const;

    QMap<QString, Entry> m_clusters;
    QMap<QString, Entry> m_users;
    QMap<QString, Entry> m_contexts;
    QString m_currentContext;
    QStringList m_files;
};

} // namespace locust::kube
