#pragma once

#include "daemon/offline/commandio.h"

#include <QJsonValue>
#include <QList>
#include <QString>

namespace locust::offline {

// One object of the input, with where it came from, for messages like "file.yaml:12: ...".
struct ManifestDocument
{
    QString source; // file name, or "<stdin>"
    int line = 0;   // 1-based line of the document (of the List for its items)
    QJsonValue value;

    QString location() const { return source + u':' + QString::number(line); }
};

struct ManifestReadResult
{
    QList<ManifestDocument> documents;
    QStringList errors; // unreadable files, YAML errors; one line each, with the source
};

// Reads the manifests named by -f arguments: files, directories (their *.yaml, *.yml and *.json
// files, sorted, not recursive) and "-" for standard input. Multi-document YAML and JSON are
// accepted, and a `kind: List` (or any *List with `items`, as `kubectl get -o yaml` prints) is
// expanded into its items.
class ManifestReader
{
public:
    static ManifestReadResult read(const QStringList &sources, const CommandInput &input);
};

} // namespace locust::offline
