#include "daemon/offline/manifestreader.h"

#include "serialization/yamlreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace locust::offline {

namespace {

const QString standardInputName = u"<stdin>"_s;

bool isList(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return object.value(u"kind").toString().endsWith(u"List") && object.value(u"items").isArray();
}

void parseInto(ManifestReadResult &result, const QString &source, const QByteArray &text)
{
    const Result<QList<serialization::YamlDocument>> documents = serialization::YamlReader::readAll(text);
    if (!documents) {
        result.errors << source + u": "_s + documents.errorMessage();
        return;
    }
    for (const serialization::YamlDocument &document : *documents) {
        if (isList(document.value)) {
            for (const QJsonValue &item : document.value.toObject().value(u"items").toArray())
                result.documents << ManifestDocument{source, document.line, item};
        } else {
            result.documents << ManifestDocument{source, document.line, document.value};
        }
    }
}

void readFile(ManifestReadResult &result, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.errors << path + u": cannot read: "_s + file.errorString();
        return;
    }
    parseInto(result, path, file.readAll());
}

} // namespace

ManifestReadResult ManifestReader::read(const QStringList &sources, const CommandInput &input)
{
    ManifestReadResult result;
    bool standardInputRead = false;
    for (const QString &source : sources) {
        if (source == u"-") {
            if (standardInputRead) {
                result.errors << u"standard input (-) can be read only once"_s;
                continue;
            }
            standardInputRead = true;
            parseInto(result, standardInputName, input.readStandardInput ? input.readStandardInput() : QByteArray());
            continue;
        }
        const QFileInfo info(source);
        if (!info.exists()) {
            result.errors << source + u": no such file or directory"_s;
        } else if (info.isDir()) {
            const QStringList files = QDir(source).entryList({u"*.yaml"_s, u"*.yml"_s, u"*.json"_s},
                                                             QDir::Files | QDir::Readable, QDir::Name);
            for (const QString &file : files)
                readFile(result, QDir(source).filePath(file));
        } else {
            readFile(result, source);
        }
    }
    return result;
}

} // namespace locust::offline
