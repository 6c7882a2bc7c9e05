#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

namespace locust::offline {

// What an offline sub-command gets from the process: its arguments (after the sub-command name),
// the environment, and a way to read standard input. Commands are functions of these, so tests run
// them in-process with fixed inputs.
struct CommandInput
{
    QStringList arguments;
    QProcessEnvironment environment;
    std::function<QByteArray()> readStandardInput;
};

// What a sub-command produces.
struct CommandOutput
{
    int exitCode = 0;
    QByteArray standardOutput;
    QByteArray standardError;
};

// Exit codes shared by the sub-commands.
inline constexpr int exitOk = 0;
inline constexpr int exitInvalid = 1; // the input was read, and something in it is invalid
inline constexpr int exitUsage = 2;   // bad usage, an unreadable file, a parse error, bad configuration

} // namespace locust::offline
