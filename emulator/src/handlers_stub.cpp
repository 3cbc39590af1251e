#include "engine.hpp"

namespace emu {
void register_enterprise_handlers(Registry &) {}
void register_member_handlers(Registry &) {}
}  // namespace emu
