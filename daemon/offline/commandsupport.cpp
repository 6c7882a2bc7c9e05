#include "daemon/offline/commandsupport.h"

#include "api/locusttestconverter.h"
#include "api/locusttestdefaults.h"
#include "config/operatorconfigloader.h"
#include "serialization/yamlwriter.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace locust::offline::commandsupport {

Result<Options> parseOptions(const QStringList &arguments, OptionSpec spec)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption fileOption(QStringList{u"f"_s, u"filename"_s}, QString(), u"file"_s);
    const QCommandLineOption outputOption(QStringList{u"o"_s, u"output"_s}, QString(), u"format"_s);
    const QCommandLineOption toOption(u"to"_s, QString(), u"version"_s);
    const QCommandLineOption helpOption(QStringList{u"h"_s, u"help"_s});
    parser.addOption(fileOption);
    parser.addOption(helpOption);
    if (spec.output)
        parser.addOption(outputOption);
    if (spec.targetVersion)
        parser.addOption(toOption);

    if (!parser.parse(QStringList{u"locust-operator"_s} + arguments))
        return Error{parser.errorText()};
    Options options;
    options.help = parser.isSet(helpOption);
    if (options.help)
        return options;
    if (!parser.positionalArguments().isEmpty())
        return Error{u"unexpected argument: "_s + parser.positionalArguments().first()};
    options.files = parser.values(fileOption);
    if (options.files.isEmpty())
        return Error{u"no input: give one or more -f FILE (a file, a directory, or - for standard input)"_s};
    if (spec.output && parser.isSet(outputOption)) {
        const QString output = parser.value(outputOption);
        if (output == u"yaml")
            options.output = OutputFormat::Yaml;
        else if (output == u"json")
            options.output = OutputFormat::Json;
        else
            return Error{u"unsupported output format \""_s + output + u"\" (use yaml or json)"_s};
    }
    if (spec.targetVersion) {
        options.targetVersion = parser.value(toOption);
        if (options.targetVersion.isEmpty())
            return Error{u"--to is required (v1 or v2)"_s};
        if (options.targetVersion != u"v1" && options.targetVersion != u"v2")
            return Error{u"unsupported version \""_s + options.targetVersion + u"\" for --to (use v1 or v2)"_s};
    }
    return options;
}

QList<LocustTestManifest> Manifests::tests() const
{
    QList<LocustTestManifest> tests;
    for (const Entry &entry : entries) {
        if (entry.test)
            tests << *entry.test;
    }
    return tests;
}

std::variant<Options, CommandOutput> optionsOrAnswer(const QStringList &arguments, OptionSpec spec,
                                                     const QString &usage)
{
    const Result<Options> options = parseOptions(arguments, spec);
    CommandOutput answer;
    if (!options) {
        answer.standardError = lines({u"error: "_s + options.errorMessage(), QString()}) + usage.toUtf8();
        answer.exitCode = exitUsage;
        return answer;
    }
    if (options->help) {
        answer.standardOutput = usage.toUtf8();
        return answer;
    }
    return *options;
}

Manifests load(const QStringList &files, const CommandInput &input)
{
    Manifests manifests;
    const ManifestReadResult read = ManifestReader::read(files, input);
    manifests.errors = read.errors;
    for (const ManifestDocument &document : read.documents) {
        QString error;
        std::optional<LocustTestManifest> test = LocustTestManifest::decode(document, &error);
        if (!error.isEmpty())
            manifests.errors << error;
        manifests.entries << Manifests::Entry{document, std::move(test)};
    }
    return manifests;
}

api::ValidationResult check(const LocustTestManifest &manifest, const config::OperatorConfig &config)
{
    const api::LocustTestValidator validator(
        api::ValidationOptions{config.affinityInjection, config.tolerationsInjection});
    const api::ValidationResult rules = manifest.isV1()
        ? validator.validate(api::LocustTestDefaults::applied(std::get<api::LocustTestV1>(manifest.test)))
        : validator.validate(api::LocustTestDefaults::applied(std::get<api::LocustTestV2>(manifest.test)));
    api::ValidationResult result;
    result.errors = manifest.decodeErrors + rules.errors;
    result.warnings = rules.warnings;
    return result;
}

QStringList messages(const LocustTestManifest &manifest, const api::ValidationResult &result)
{
    const QString prefix = manifest.messagePrefix();
    QStringList lines;
    for (const FieldError &error : result.errors)
        lines << prefix + error.toString();
    for (const FieldWarning &warning : result.warnings)
        lines << prefix + u"warning: "_s + warning.toString();
    return lines;
}

api::LocustTestV2 storedForm(const LocustTestManifest &manifest)
{
    if (manifest.isV1())
        return api::LocustTestDefaults::applied(api::LocustTestConverter::toV2(std::get<api::LocustTestV1>(manifest.test)));
    return api::LocustTestDefaults::applied(std::get<api::LocustTestV2>(manifest.test));
}

Result<config::OperatorConfig> loadConfig(const QProcessEnvironment &environment, QStringList *errors)
{
    const config::OperatorConfigLoad load = config::OperatorConfigLoader::load(environment);
    if (load.ok())
        return load.config;
    for (const QString &error : load.errors)
        *errors << u"operator configuration: "_s + error;
    return Error{u"invalid operator configuration"_s};
}

QByteArray format(const QList<QJsonObject> &objects, OutputFormat format)
{
    if (format == OutputFormat::Yaml) {
        QList<QJsonValue> documents;
        for (const QJsonObject &object : objects)
            documents << object;
        return serialization::YamlWriter::writeAll(documents);
    }
    if (objects.size() == 1)
        return QJsonDocument(objects.first()).toJson(QJsonDocument::Indented);
    QJsonArray items;
    for (const QJsonObject &object : objects)
        items.append(object);
    const QJsonObject list{{u"apiVersion"_s, u"v1"_s},
                           {u"kind"_s, u"List"_s},
                           {u"metadata"_s, QJsonObject()},
                           {u"items"_s, items}};
    return QJsonDocument(list).toJson(QJsonDocument::Indented);
}

QByteArray lines(const QStringList &lines)
{
    QByteArray text;
    for (const QString &line : lines)
        text += line.toUtf8() + '\n';
    return text;
}

} // namespace locust::offline::commandsupport
