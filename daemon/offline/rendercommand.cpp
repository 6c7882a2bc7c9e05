#include "daemon/offline/rendercommand.h"

#include "daemon/offline/commandsupport.h"
#include "resources/testresources.h"

using namespace Qt::StringLiterals;

namespace locust::offline {

namespace support = commandsupport;

QString RenderCommand::usage()
{
    return u"Usage: locust-operator render -f FILE [-f FILE...] [-o yaml|json]\n"
           "\n"
           "Prints the Service, master Job and worker Job the operator creates for each LocustTest in the\n"
           "files (locust.io/v1 or v2), using the operator configuration from the environment\n"
           "(POD_CPU_LIMIT, METRICS_EXPORTER_IMAGE, ...; see docs/configuration.md). Objects get an owner\n"
           "reference only when the LocustTest has a metadata.uid.\n"
           "FILE is a YAML or JSON file (multi-document allowed), a directory, or - for standard input.\n"
           "\n"
           "Exit status: 0 rendered, 1 a LocustTest is invalid (nothing printed), 2 usage, read or parse\n"
           "error, or invalid operator configuration.\n"_s;
}

CommandOutput RenderCommand::run(const CommandInput &input)
{
    auto parsed = support::optionsOrAnswer(input.arguments, support::OptionSpec{.output = true, .targetVersion = false}, usage());
    if (auto *answer = std::get_if<CommandOutput>(&parsed))
        return *answer;
    const support::Options &options = std::get<support::Options>(parsed);

    CommandOutput output;

    QStringList messages;
    const Result<config::OperatorConfig> config = support::loadConfig(input.environment, &messages);
    if (!config) {
        output.standardError = support::lines(messages);
        output.exitCode = exitUsage;
        return output;
    }
    const support::Manifests manifests = support::load(options.files, input);
    const QList<LocustTestManifest> tests = manifests.tests();
    messages = manifests.errors;
    if (tests.isEmpty() && messages.isEmpty())
        messages << u"no LocustTest found in "_s + options.files.join(u", "_s);
    if (!messages.isEmpty()) {
        output.standardError = support::lines(messages);
        output.exitCode = exitUsage;
        return output;
    }

    QList<QJsonObject> objects;
    bool invalid = false;
    for (const LocustTestManifest &manifest : tests) {
        api::ValidationResult result = support::check(manifest, *config);
        const api::LocustTestV2 test = support::storedForm(manifest);
        if (test.name().isEmpty()) {
            result.errors << FieldError::required(u"metadata.name"_s,
                                                  u"rendering needs the final name; generateName is resolved by the "
                                                  "API server"_s);
        }
        messages << support::messages(manifest, result);
        if (!result.ok()) {
            invalid = true;
            continue;
        }
        objects << resources::TestResources::build(test, *config).inCreationOrder();
    }
    output.standardError = support::lines(messages);
    if (invalid) {
        output.exitCode = exitInvalid;
        return output;
    }
    output.standardOutput = support::format(objects, options.output);
    return output;
}

} // namespace locust::offline
