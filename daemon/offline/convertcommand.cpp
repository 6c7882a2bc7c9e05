#include "daemon/offline/convertcommand.h"

#include "api/locusttestconverter.h"
#include "daemon/offline/commandsupport.h"

using namespace Qt::StringLiterals;

namespace locust::offline {

namespace support = commandsupport;

QString ConvertCommand::usage()
{
    return u"Usage: locust-operator convert --to v1|v2 -f FILE [-f FILE...] [-o yaml|json]\n"
           "\n"
           "Prints the objects of the files with every LocustTest converted to locust.io/<version>; other\n"
           "objects pass through unchanged. Fields v1 cannot express are kept in the annotation\n"
           "conversion.locust.io/v2-data, so converting back to v2 loses nothing.\n"
           "FILE is a YAML or JSON file (multi-document allowed), a directory, or - for standard input.\n"
           "\n"
           "Exit status: 0 converted, 1 an object has unknown fields or wrong types (nothing printed),\n"
           "2 usage, read or parse error.\n"_s;
}

CommandOutput ConvertCommand::run(const CommandInput &input)
{
    auto parsed = support::optionsOrAnswer(input.arguments, support::OptionSpec{.output = true, .targetVersion = true}, usage());
    if (auto *answer = std::get_if<CommandOutput>(&parsed))
        return *answer;
    const support::Options &options = std::get<support::Options>(parsed);

    CommandOutput output;

    const support::Manifests manifests = support::load(options.files, input);
    if (!manifests.errors.isEmpty()) {
        output.standardError = support::lines(manifests.errors);
        output.exitCode = exitUsage;
        return output;
    }

    QStringList errors;
    const QList<LocustTestManifest> tests = manifests.tests();
    for (const LocustTestManifest &manifest : tests) {
        for (const FieldError &error : manifest.decodeErrors)
            errors << manifest.messagePrefix() + error.toString();
    }
    if (!errors.isEmpty()) {
        output.standardError = support::lines(errors);
        output.exitCode = exitInvalid;
        return output;
    }

    const bool toV1 = options.targetVersion == u"v1";
    QList<QJsonObject> objects;
    for (const support::Manifests::Entry &entry : manifests.entries) {
        if (!entry.test) {
            objects << entry.document.value.toObject();
            continue;
        }
        const LocustTestManifest &manifest = *entry.test;
        if (manifest.isV1()) {
            const auto &test = std::get<api::LocustTestV1>(manifest.test);
            objects << (toV1 ? test.toJson() : api::LocustTestConverter::toV2(test).toJson());
        } else {
            const auto &test = std::get<api::LocustTestV2>(manifest.test);
            objects << (toV1 ? api::LocustTestConverter::toV1(test).toJson() : test.toJson());
        }
    }
    if (toV1 && !tests.isEmpty())
        output.standardError = support::lines({u"warning: locust.io/v1 LocustTest is deprecated, migrate to locust.io/v2"_s});
    output.standardOutput = support::format(objects, options.output);
    return output;
}

} // namespace locust::offline
