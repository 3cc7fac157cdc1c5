#pragma once
// What the commands print and write: diagnostics on stderr in the compiler-style format, and
// files written atomically (a reader never sees half a file; a failed write leaves the old one).

#include <string>

#include "diagnostics.h"

namespace gs::app {

enum ExitCode : int {
    kExitOk = 0,
    kExitInvalid = 1,  // the input has errors
    kExitUsage = 2,  // bad usage, or an input that cannot be read
    kExitProblems = 3,  // status: some condition is in its bad polarity
};

void printDiagnostics(const model::Diagnostics& diagnostics);

// Writes `content` to `path` via a temporary file in the same directory, fsync and rename.
// "-" writes to standard output. On failure returns false and sets `error`.
bool writeFileAtomically(const std::string& path, const std::string& content, std::string& error);

// "1 error", "3 warnings".
std::string countOf(std::size_t n, const char* singular, const char* plural);

}  // namespace gs::app
