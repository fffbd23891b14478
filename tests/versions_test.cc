// Kernel releases have two homes: the opcode table (uring/opcode/table.c) for opcodes and
// the comments of uring/sys/abi.h for flags, features and register opcodes. Every prep
// helper and register call also states the release it needs, for its reader; this test
// reads those statements out of the headers and compares them with what the two sources
// say about the opcodes and flags the helper's body uses, so that a stated release cannot
// drift from the sources.
//
// How a release is stated (the parse below relies on it):
//   - abi.h: a #define's trailing comment starts with it ("/* 5.19: ... */"), or a comment
//     of its own right above the #define does ("/* 7.0: ...").
//   - uring/opcode/*.h: the comment right above a helper ends with it ("... 5.6 */").
//   - uring/ring/register.h (and the register calls of ring.h and probe.h): the first
//     release in the comment right above a declaration; each declaration has a comment of
//     its own.
//   - uring/ring/buf_ring.h: "Needs X.Y" in the comment right above a declaration (its
//     comments name the releases of flags first).
//   - tests/ring/setup_flags_test.cc: each case of kCases names the release of its flags,
//     which must be the newest of abi.h's for them (and NOP's: every case runs NOPs).
//   - any header: a release written right after a constant ("URING_PBUF_RING_MMAP, 6.4",
//     "URING_OP_X (5.6") is that constant's, so it must be abi.h's.
// What a helper needs is the newest of: the releases of the opcodes it names (from the
// table), of the abi.h constants it names (for register calls only register opcodes and
// URING_RSRC_ flags: the other constants there are tests, not requests), and of the
// helpers it calls (their stated release). A helper whose body names nothing with a
// release states a fact this test cannot check (a field's meaning, say) and is taken at
// its word. Helpers whose release rests on something the body does not name are listed in
// kBehaviour with the reason.
//
// The files come as arguments: every public header and .c source of //uring, and
// tests/ring/setup_flags_test.cc.
#include <ctype.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "uring/opcode/table.h"

namespace {

std::vector<std::string> g_files;

// A release as one comparable number: 6.19 -> 6019; 0 for none.
int Release(int major, int minor) { return major * 1000 + minor; }
std::string Name(int release) {
  return std::to_string(release / 1000) + "." + std::to_string(release % 1000);
}

std::string Read(const std::string &suffix) {
  for (const std::string &path : g_files) {
    if (path.size() >= suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    }
  }
  ADD_FAILURE() << "no file ending in " << suffix << " among the arguments";
  return "";
}

// URING_* name -> release, from abi.h's comments.
std::map<std::string, int> AbiReleases() {
  std::map<std::string, int> out;
  std::istringstream lines(Read("uring/sys/abi.h"));
  const std::regex define(R"(^#define (URING_[A-Z0-9_]+)\b(.*)$)");
  const std::regex trailing(R"(/\*\s*(\d+)\.(\d+)\b)");
  const std::regex above(R"(^/\* (\d+)\.(\d+):)");
  std::string line;
  int pending = 0;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_search(line, m, above)) {
      pending = Release(std::stoi(m[1]), std::stoi(m[2]));
    } else if (std::regex_search(line, m, define)) {
      std::string name = m[1];
      std::string rest = m[2];
      if (std::regex_search(rest, m, trailing)) {
        out[name] = Release(std::stoi(m[1]), std::stoi(m[2]));
      } else if (pending) {
        out[name] = pending;
      }
      pending = 0;
    }
  }
  return out;
}

// Opcode name ("URING_OP_READV") -> release, from the table.
std::map<std::string, int> TableReleases() {
  std::map<std::string, int> out;
  for (unsigned op = 0; op < uring_opcode_count(); op++) {
    const struct uring_opcode_desc *info = uring_opcode_info(op);
    out[std::string("URING_OP_") + info->name] = Release(info->since_major, info->since_minor);
  }
  return out;
}

struct Function {
  std::string file;
  std::string comment;  // the comment right above, without /* */; empty if none
  std::string body;     // from { to the matching }
  int stated = 0;
};

// The comment that ends right before `pos` (only whitespace between), or "".
std::string CommentBefore(const std::string &text, size_t pos) {
  size_t end = pos;
  while (end > 0 && isspace(static_cast<unsigned char>(text[end - 1]))) end--;
  if (end < 2 || text.compare(end - 2, 2, "*/") != 0) return "";
  size_t start = text.rfind("/*", end - 2);
  if (start == std::string::npos) return "";
  return text.substr(start + 2, end - 2 - (start + 2));
}

// From the first { at or after `pos` to its matching }.
std::string BodyFrom(const std::string &text, size_t pos) {
  size_t open = text.find('{', pos);
  if (open == std::string::npos) return "";
  int depth = 0;
  for (size_t i = open; i < text.size(); i++) {
    if (text[i] == '{') depth++;
    if (text[i] == '}' && --depth == 0) return text.substr(open, i + 1 - open);
  }
  return "";
}

int FirstRelease(const std::string &comment) {
  std::smatch m;
  if (!std::regex_search(comment, m, std::regex(R"((\d+)\.(\d+))"))) return 0;
  return Release(std::stoi(m[1]), std::stoi(m[2]));
}

int FinalRelease(const std::string &comment) {
  std::smatch m;
  if (!std::regex_search(comment, m, std::regex(R"((\d+)\.(\d+)\.?\s*$)"))) return 0;
  return Release(std::stoi(m[1]), std::stoi(m[2]));
}

// The release after "Needs" ("Needs 5.19."), or 0.
int NeedsRelease(const std::string &comment) {
  std::smatch m;
  if (!std::regex_search(comment, m, std::regex(R"(Needs (\d+)\.(\d+))"))) return 0;
  return Release(std::stoi(m[1]), std::stoi(m[2]));
}

const char *const kOpcodeHeaders[] = {
    "uring/opcode/prep.h",    "uring/opcode/nop.h",     "uring/opcode/rw.h",
    "uring/opcode/sync.h",    "uring/opcode/fs.h",      "uring/opcode/xattr.h",
    "uring/opcode/net.h",     "uring/opcode/poll.h",    "uring/opcode/timeout.h",
    "uring/opcode/cancel.h",  "uring/opcode/buffer.h",  "uring/opcode/splice.h",
    "uring/opcode/msg.h",     "uring/opcode/cmd.h",
};

// Every static inline function of the opcode headers.
std::map<std::string, Function> PrepFunctions(size_t *inline_count) {
  std::map<std::string, Function> out;
  const std::regex start(R"(static inline [^;{()]*?\b(uring_\w+)\()");
  *inline_count = 0;
  for (const char *file : kOpcodeHeaders) {
    const std::string text = Read(file);
    for (size_t at = text.find("static inline"); at != std::string::npos;
         at = text.find("static inline", at + 1))
      ++*inline_count;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), start);
         it != std::sregex_iterator(); ++it) {
      Function f;
      f.file = file;
      f.comment = CommentBefore(text, static_cast<size_t>(it->position(0)));
      f.body = BodyFrom(text, static_cast<size_t>(it->position(0)));
      f.stated = FinalRelease(f.comment);
      out[(*it)[1]] = f;
    }
  }
  return out;
}

// Every int-returning call declared in `header`, with its body from `source` and the
// release its comment states (read by `stated_by`).
std::map<std::string, Function> RegisterFunctions(const char *header_path,
                                                  const char *source_path,
                                                  int (*stated_by)(const std::string &) =
                                                      FirstRelease) {
  std::map<std::string, Function> out;
  const std::string header = Read(header_path);
  const std::string source = Read(source_path);
  const std::regex decl(R"((^|\n)int (uring_\w+)\()");
  for (auto it = std::sregex_iterator(header.begin(), header.end(), decl);
       it != std::sregex_iterator(); ++it) {
    Function f;
    f.file = header_path;
    f.comment = CommentBefore(header, static_cast<size_t>(it->position(2)) - 4);
    f.stated = stated_by(f.comment);
    const std::string name = (*it)[2];
    size_t def = source.find("\nint " + name + "(");
    if (def != std::string::npos) f.body = BodyFrom(source, def);
    out[name] = f;
  }
  return out;
}

// The static functions `source_path` defines, which its calls may do their work in: what
// they ask of the kernel counts for their callers. They state nothing themselves.
std::map<std::string, Function> StaticFunctions(const char *source_path) {
  std::map<std::string, Function> out;
  const std::string source = Read(source_path);
  const std::regex def(R"(\nstatic [^;{()=]*?\b(\w+)\()");
  for (auto it = std::sregex_iterator(source.begin(), source.end(), def);
       it != std::sregex_iterator(); ++it) {
    const size_t at = static_cast<size_t>(it->position(0));
    const size_t open = source.find('{', at);
    // A prototype (a ';' before any body) has nothing to add.
    if (open == std::string::npos || source.find(';', at) < open) continue;
    Function f;
    f.file = source_path;
    f.body = BodyFrom(source, at);
    out[(*it)[1]] = f;
  }
  return out;
}

// `a` with `b`'s functions added (`a` wins on a clash).
std::map<std::string, Function> Merged(std::map<std::string, Function> a,
                                       const std::map<std::string, Function> &b) {
  a.insert(b.begin(), b.end());
  return a;
}

// Helpers whose release rests on what the caller passes or on what a field means, which
// the body does not name: their stated release differs from the one their body shows.
const std::map<std::string, std::string> kBehaviour = {
    {"uring_prep_poll_update", "the update flags in len are the caller's (POLL_UPDATE_*)"},
    {"uring_prep_fadvise64", "len 0 meaning a 64-bit length in addr"},
    {"uring_prep_madvise64", "len 0 meaning a 64-bit length in off"},
    {"uring_prep_cmd_sock", "cmd_op is the caller's (URING_SOCKET_OP_*)"},
    {"uring_prep_sendmsg_zc_fixed", "SENDMSG_ZC taking URING_RECVSEND_FIXED_BUF (6.15)"},
    {"uring_prep_cancel_match", "the keys are the caller's (URING_ASYNC_CANCEL_*)"},
    {"uring_register_task_restrictions", "RESTRICTIONS without a ring (fd -1)"},
    {"uring_clone_buffers_offset", "the offsets, the count and DST_REPLACE"},
    {"uring_clone_buffers", "it passes zero offsets and flags, which CLONE_BUFFERS took first"},
};

struct Sources {
  std::map<std::string, int> abi = AbiReleases();
  std::map<std::string, int> table = TableReleases();
};

// What `name`'s body asks of the kernel; `registers` limits constants as described above.
int Needed(const std::string &name, const std::map<std::string, Function> &fns,
           const Sources &src, bool registers, std::string *why) {
  const Function &f = fns.at(name);
  int need = 0;
  const std::regex constant(R"(\b(URING_[A-Z0-9_]+)\b)");
  for (auto it = std::sregex_iterator(f.body.begin(), f.body.end(), constant);
       it != std::sregex_iterator(); ++it) {
    const std::string c = (*it)[1];
    int r = 0;
    if (src.table.count(c)) {
      r = src.table.at(c);
    } else if (src.abi.count(c)) {
      bool request = c.rfind("URING_REGISTER_", 0) == 0 ||
                     c.rfind("URING_UNREGISTER_", 0) == 0 || c.rfind("URING_RSRC_", 0) == 0;
      if (!registers || request) r = src.abi.at(c);
    }
    if (r > need) {
      need = r;
      *why = c;
    }
  }
  // Any call into a function of `fns`: the family's helpers, the register calls, a
  // source's static functions.
  const std::regex call(R"(\b(\w+)\s*\()");
  for (auto it = std::sregex_iterator(f.body.begin(), f.body.end(), call);
       it != std::sregex_iterator(); ++it) {
    const std::string callee = (*it)[1];
    if (callee == name || !fns.count(callee)) continue;
    std::string unused;
    int r = fns.at(callee).stated ? fns.at(callee).stated
                                  : Needed(callee, fns, src, registers, &unused);
    if (r > need) {
      need = r;
      *why = callee;
    }
  }
  return need;
}

// Checks the functions of `fns` (those of `only_file` where given; the others are there to
// be called).
void CheckAll(const std::map<std::string, Function> &fns, const Sources &src, bool registers,
              const std::set<std::string> &must_state, std::set<std::string> *behaviour_seen,
              const char *only_file = nullptr) {
  for (const auto &[name, f] : fns) {
    if (only_file && f.file != only_file) continue;
    if (!must_state.count(name) && !f.stated) continue;
    EXPECT_NE(f.stated, 0) << f.file << ": " << name << " states no kernel release";
    if (!f.stated) continue;
    EXPECT_FALSE(f.body.empty()) << name << ": body not found";
    std::string why;
    int need = Needed(name, fns, src, registers, &why);
    if (!need) continue;
    if (kBehaviour.count(name)) {
      behaviour_seen->insert(name);
      EXPECT_NE(f.stated, need) << name << " is listed in kBehaviour, but its stated "
                                << Name(f.stated) << " is what its body shows: unlist it";
      continue;
    }
    EXPECT_EQ(Name(f.stated), Name(need))
        << f.file << ": " << name << " states " << Name(f.stated) << ", but " << why
        << " is " << Name(need);
  }
}

TEST(Versions, AbiOpcodeReleasesAreTheTables) {
  Sources src;
  ASSERT_EQ(src.table.size(), uring_opcode_count());
  for (const auto &[name, release] : src.table) {
    ASSERT_TRUE(src.abi.count(name)) << name << " has no release in abi.h";
    EXPECT_EQ(Name(src.abi.at(name)), Name(release)) << name << ": abi.h against table.c";
  }
}

TEST(Versions, PrepHelpersStateWhatTheirOpcodesAndFlagsNeed) {
  Sources src;
  size_t inline_count = 0;
  std::map<std::string, Function> fns = PrepFunctions(&inline_count);
  // Every static inline was parsed, so none escapes the comparison.
  EXPECT_EQ(fns.size(), inline_count);
  std::set<std::string> must_state;
  for (const auto &[name, f] : fns)
    if (name.rfind("uring_prep_", 0) == 0 && f.file != std::string("uring/opcode/prep.h"))
      must_state.insert(name);
  EXPECT_GT(must_state.size(), 80u);
  std::set<std::string> seen;
  CheckAll(fns, src, false, must_state, &seen);
  for (const auto &[name, reason] : kBehaviour)
    if (name.rfind("uring_prep_", 0) == 0) {
      EXPECT_TRUE(seen.count(name)) << name << " in kBehaviour is not a checked helper";
    }
}

TEST(Versions, RegisterCallsStateWhatTheirOpcodesNeed) {
  Sources src;
  std::map<std::string, Function> calls =
      RegisterFunctions("uring/ring/register.h", "uring/ring/register.c");
  std::set<std::string> must_state;
  for (const auto &[name, f] : calls) must_state.insert(name);
  const std::map<std::string, Function> fns =
      Merged(calls, StaticFunctions("uring/ring/register.c"));
  // Every declaration was parsed, so none escapes the comparison.
  const std::string header = Read("uring/ring/register.h");
  size_t declared = 0;
  for (size_t at = header.find("\nint uring_"); at != std::string::npos;
       at = header.find("\nint uring_", at + 1))
    declared++;
  EXPECT_EQ(must_state.size(), declared);
  EXPECT_GT(declared, 30u);
  std::set<std::string> seen;
  CheckAll(fns, src, true, must_state, &seen);
  for (const auto &[name, reason] : kBehaviour)
    if (name.rfind("uring_prep_", 0) != 0) {
      EXPECT_TRUE(seen.count(name)) << name << " in kBehaviour is not a checked call";
    }
}

// The register calls of ring.h and probe.h (ring fd registration, the probe): those whose
// body names a register opcode.
TEST(Versions, OtherRegisterCallsStateWhatTheirOpcodesNeed) {
  Sources src;
  const char *const pairs[][2] = {
      {"uring/ring/ring.h", "uring/ring/ringfd.c"},
      {"uring/ring/probe.h", "uring/ring/probe.c"},
  };
  size_t checked = 0;
  for (const auto &pair : pairs) {
    std::map<std::string, Function> fns = RegisterFunctions(pair[0], pair[1]);
    std::set<std::string> must_state;
    for (auto it = fns.begin(); it != fns.end();) {
      // The others' bodies are in other files; their releases are not register opcodes'.
      if (it->second.body.find("URING_REGISTER_") == std::string::npos &&
          it->second.body.find("URING_UNREGISTER_") == std::string::npos) {
        it = fns.erase(it);
        continue;
      }
      must_state.insert(it->first);
      ++it;
    }
    checked += must_state.size();
    std::set<std::string> seen;
    CheckAll(Merged(fns, StaticFunctions(pair[1])), src, true, must_state, &seen);
    EXPECT_TRUE(seen.empty()) << pair[0] << ": kBehaviour is for register.h and the helpers";
  }
  EXPECT_GE(checked, 3u);
}

// The provided-buffer ring calls of buf_ring.h, against the register opcodes their bodies
// (and buf_ring.c's static functions, and the register calls they make) use. The flags
// they name are tests of what the caller or the kernel chose, not requests: those are the
// next test's.
TEST(Versions, BufRingCallsStateWhatTheirRegisterOpcodesNeed) {
  Sources src;
  const std::map<std::string, Function> calls =
      RegisterFunctions("uring/ring/buf_ring.h", "uring/ring/buf_ring.c", NeedsRelease);
  std::set<std::string> must_state;
  for (const auto &[name, f] : calls) must_state.insert(name);
  EXPECT_GE(must_state.size(), 4u);
  const std::map<std::string, Function> fns =
      Merged(Merged(calls, StaticFunctions("uring/ring/buf_ring.c")),
             RegisterFunctions("uring/ring/register.h", "uring/ring/register.c"));
  std::set<std::string> seen;
  CheckAll(fns, src, true, must_state, &seen, "uring/ring/buf_ring.h");
  EXPECT_TRUE(seen.empty()) << "buf_ring.h: kBehaviour is for register.h and the helpers";
}

// A release written right after a constant's name in a header's text is that constant's:
// it must be the one abi.h gives it.
TEST(Versions, ReleasesBesideConstantsAreAbis) {
  Sources src;
  const std::regex beside(R"(\b(URING_[A-Z0-9_]+)\b[ ,(]{1,3}(\d+)\.(\d+)\b)");
  size_t seen = 0;
  for (const std::string &path : g_files) {
    if (path.size() < 2 || path.compare(path.size() - 2, 2, ".h") != 0) continue;
    if (path.find("uring/sys/abi.h") != std::string::npos) continue;
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), beside);
         it != std::sregex_iterator(); ++it) {
      const std::string c = (*it)[1];
      const int stated = Release(std::stoi((*it)[2]), std::stoi((*it)[3]));
      seen++;
      if (!src.abi.count(c)) {
        ADD_FAILURE() << path << ": " << Name(stated) << " beside " << c
                      << ", which has no release in abi.h: give it one there";
        continue;
      }
      EXPECT_EQ(Name(stated), Name(src.abi.at(c))) << path << ": " << c;
    }
  }
  EXPECT_GE(seen, 20u);
}

// One case of tests/ring/setup_flags_test.cc's kCases: {"Name", FLAGS, major, minor, ...}.
struct FlagCaseText {
  std::string name;
  std::string flags;
  int stated = 0;
};

std::vector<FlagCaseText> SetupFlagCases() {
  std::vector<FlagCaseText> out;
  const std::string text = Read("tests/ring/setup_flags_test.cc");
  size_t at = text.find("kCases[] = {");
  if (at == std::string::npos) {
    ADD_FAILURE() << "setup_flags_test.cc: no kCases";
    return out;
  }
  // The array's text without // comments, then its {...} entries, split at commas.
  const std::string array = BodyFrom(text, at);
  std::string plain;
  std::istringstream lines(array);
  std::string line;
  while (std::getline(lines, line)) plain += line.substr(0, line.find("//")) + " ";
  for (size_t open = plain.find('{', 1); open != std::string::npos;
       open = plain.find('{', open + 1)) {
    const size_t close = plain.find('}', open);
    std::vector<std::string> fields;
    std::istringstream entry(plain.substr(open + 1, close - open - 1));
    std::string field;
    while (std::getline(entry, field, ',')) fields.push_back(field);
    if (fields.size() < 4) {
      ADD_FAILURE() << "setup_flags_test.cc: a case of fewer than 4 fields: "
                    << plain.substr(open, close + 1 - open);
      continue;
    }
    FlagCaseText c;
    c.name = std::regex_replace(fields[0], std::regex(R"(^\s+|\s+$)"), "");
    c.flags = fields[1];
    c.stated = Release(std::stoi(fields[2]), std::stoi(fields[3]));
    out.push_back(c);
    open = close;
  }
  return out;
}

// Each setup case's release is the newest of its flags' in abi.h (and at least NOP's,
// which every case runs): the test skips a case on an older kernel that refuses it.
TEST(Versions, SetupFlagCasesStateTheirFlagsReleases) {
  Sources src;
  const std::vector<FlagCaseText> cases = SetupFlagCases();
  EXPECT_GE(cases.size(), 25u);
  const std::regex flag(R"(\bURING_SETUP_[A-Z0-9_]+\b)");
  for (const FlagCaseText &c : cases) {
    int need = src.table.at("URING_OP_NOP");
    std::string why = "URING_OP_NOP";
    for (auto it = std::sregex_iterator(c.flags.begin(), c.flags.end(), flag);
         it != std::sregex_iterator(); ++it) {
      const std::string f = (*it)[0];
      if (!src.abi.count(f)) {
        ADD_FAILURE() << c.name << ": " << f << " has no release in abi.h";
        continue;
      }
      if (src.abi.at(f) > need) {
        need = src.abi.at(f);
        why = f;
      }
    }
    EXPECT_EQ(Name(c.stated), Name(need))
        << "setup_flags_test.cc: case " << c.name << " states " << Name(c.stated)
        << ", but the newest of its flags and NOP is " << why << ", " << Name(need);
  }
}

}  // namespace

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; i++) g_files.push_back(argv[i]);
  return RUN_ALL_TESTS();
}
