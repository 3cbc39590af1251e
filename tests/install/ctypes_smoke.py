"""Plain-FFI proof: load the installed libdevin.so with ctypes (no binding),
check the ABI version and make one call against the emulator."""
import ctypes
import os
import sys

lib = ctypes.CDLL(sys.argv[1])
lib.devin_version.restype = ctypes.c_char_p
lib.devin_abi_version.restype = ctypes.c_int
assert lib.devin_abi_version() == 1, "unexpected ABI version"


class ClientOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint), ("api_key", ctypes.c_char_p), ("org_id", ctypes.c_char_p),
        ("base_url", ctypes.c_char_p), ("connect_timeout", ctypes.c_double),
        ("attempt_timeout", ctypes.c_double), ("timeout", ctypes.c_double),
        ("stall_timeout", ctypes.c_double), ("max_retries", ctypes.c_int),
        ("proxy", ctypes.c_char_p), ("ca_bundle", ctypes.c_char_p),
        ("allow_insecure_http", ctypes.c_int), ("default_headers", ctypes.c_void_p),
        ("default_headers_count", ctypes.c_size_t), ("user_agent", ctypes.c_char_p),
        ("log_fn", ctypes.c_void_p), ("log_user_data", ctypes.c_void_p), ("log_level", ctypes.c_int),
    ]


opts = ClientOptions()
assert lib.devin_client_options_init(ctypes.byref(opts), 1) == 0
opts.api_key = b"cog_emulator_org_admin"
opts.base_url = os.environ["DEVIN_BASE_URL"].encode()
opts.user_agent = b"ctypes-smoke/1.0"
client = ctypes.c_void_p()
err = ctypes.c_void_p()
lib.devin_error_message.restype = ctypes.c_char_p
rc = lib.devin_client_new(ctypes.byref(client), ctypes.byref(opts), ctypes.byref(err))
assert rc == 0, lib.devin_error_message(err)

resp = ctypes.c_void_p()
rc = lib.devin_call(client, b"whoami", None, ctypes.c_size_t(0), None, ctypes.byref(resp), ctypes.byref(err))
assert rc == 0, lib.devin_error_message(err)
lib.devin_response_json.restype = ctypes.c_void_p
lib.devin_value_get.restype = ctypes.c_void_p
lib.devin_value_get.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
lib.devin_value_string.restype = ctypes.c_void_p
lib.devin_value_string.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
root = lib.devin_response_json(resp)
n = ctypes.c_size_t()
ptr = lib.devin_value_string(lib.devin_value_get(root, b"org_id", 6), ctypes.byref(n))
org = ctypes.string_at(ptr, n.value).decode()
assert org == "org-emulator-1", org
lib.devin_response_free(resp)
lib.devin_client_free(client)
print(f"ctypes: libdevin {lib.devin_version().decode()} answered whoami for {org}")
