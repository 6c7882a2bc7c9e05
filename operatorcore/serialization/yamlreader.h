#pragma once

#include "support/result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>

namespace locust::serialization {

// One document of a YAML stream, as the JSON that kubectl would send to the API server for it.
struct YamlDocument
{
    QJsonValue value;
    int line = 0; // 1-based line where the document's content starts, for messages about it
};

// Reads Kubernetes manifests. Scalars are typed the way kubectl types them (go-yaml v2, YAML 1.1:
// `yes` is true, `012` is 10, `1_000` is 1000, dates stay text), so what `validate` and `render`
// see is what the API server would get. Two deliberate differences: a duplicate key is an error (go-yaml
// silently keeps the last value, which hides mistakes in hand-written manifests), and mapping keys are
// kept as written (`yes: 1` has the key "yes", where kubectl would make it "true").
class YamlReader
{
public:
    // Reads a stream of YAML documents (or one JSON text). Empty and null documents, such as the one
    // after a trailing `---`, are skipped. Problems come back as an Error whose message starts with
    // "line L, column C: " (1-based) where the position is known. Never throws.
    static Result<QList<YamlDocument>> readAll(const QByteArray &text);
};

} // namespace locust::serialization
