// Attachments: multipart upload, 307 download to the emulator blob store,
// and GET /v3/self.
#include <httplib.h>

#include "engine.hpp"
#include "schema.hpp"

namespace emu {

namespace {

Reply upload(Ctx &c) {
  auto file = c.req->get_file_value("file");
  std::string name = file.filename.empty() ? "attachment.bin" : file.filename;
  for (auto &ch : name)
    if (ch == '/' || ch == '\\') ch = '_';
  std::string uuid = new_uuid();
  Blob b{name, file.content_type, file.content, c.org_id()};
  c.st.blobs[uuid] = b;
  std::string url = c.base_url + "/v3/organizations/" + c.org_id() +
                    "/attachments/" + uuid + "/" + url_encode(name);
  Reply r;
  r.status = c.op.status;
  r.body = shape(c.op.response_schema,
                 {{"attachment_id", uuid}, {"name", name}, {"url", url}});
  return r;
}

Reply download(Ctx &c) {
  std::string uuid = c.param("uuid");
  auto it = c.st.blobs.find(uuid);
  if (it == c.st.blobs.end() || it->second.org_id != c.org_id())
    throw_not_found("Attachment " + uuid);
  Reply r;
  r.status = 307;
  r.empty = true;
  r.headers.emplace_back("Location", c.base_url + "/_emulator/blobs/" + uuid +
                                         "/" + url_encode(it->second.name));
  return r;
}

Reply whoami(Ctx &c) {
  const Principal &p = *c.principal;
  bool su = p.kind == "service_user";
  json out = {
      {"principal_type", p.kind},
      {"org_id", p.org_id.empty() ? json(nullptr) : json(p.org_id)},
  };
  // The service-user fields are set for service users only (not nullable).
  if (su) {
    out["service_user_id"] = p.id;
    out["service_user_name"] = p.name;
  } else {
    out["user_id"] = p.id;
  }
  Reply r;
  r.status = c.op.status;
  r.body = shape(c.op.response_schema, out);
  return r;
}

}  // namespace

void register_attachment_handlers(Registry &r) {
  r.add("POST", "/v3/organizations/{org_id}/attachments", upload);
  r.add("GET", "/v3/organizations/{org_id}/attachments/{uuid}/{name}",
        download);
}

void register_self_handlers(Registry &r) { r.add("GET", "/v3/self", whoami); }

}  // namespace emu
