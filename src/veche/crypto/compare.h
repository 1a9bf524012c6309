// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "veche/base/bytes.h"

namespace veche::crypto {

// Compares two byte strings in time that depends only on their lengths, never on their contents
// (use for secrets: tokens, MACs, enrolment codes). Different lengths compare unequal at once;
// lengths are not secret.
bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace veche::crypto
