#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>

namespace locust::serialization {

// Writes JSON values as YAML that looks like kubectl's: block style, 2-space indentation, keys in
// QJsonObject (sorted) order, list items at the same indentation as their parent key. A string is
// written unquoted only when YamlReader (and so kubectl) would read it back as the same string;
// otherwise it is double-quoted with JSON-style escapes. YamlReader::readAll(write(v)) gives back v
// for every JSON value v that is not null at the top level (null documents are skipped on reading).
class YamlWriter
{
public:
    // One document, ending with a newline. NaN and infinities, which JSON lacks, are written as null,
    // as QJsonDocument does.
    static QByteArray write(const QJsonValue &value);

    // The documents separated by "---\n".
    static QByteArray writeAll(const QList<QJsonValue> &documents);
};

} // namespace locust::serialization
