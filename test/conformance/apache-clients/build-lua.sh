#!/usr/bin/env bash
# Builds Apache Thrift's Lua cross-language test client (test/lua/test_basic_client.lua,
# as it is in the source) with Apache's own Lua library of the same source (lib/lua), for
# Lua 5.2, the version Apache's configure asks for (AX_PROG_LUA(5.2)) and its Docker
# images install (lua5.2, liblua5.2-dev). Debian packages no such library, so its four C
# modules are compiled here as lib/lua/Makefile.am has libtool do it, into lib/lua/.libs:
# -DLUA_COMPAT_MODULE (they register with luaL_register), libluabpack linked to
# liblualongnumber. The IDL is generated as test/lua/Makefile.am's `stubs` target does
# (`thrift --gen lua`, then `MapType =` dropped from ThriftTest_ttypes.lua). OUT keeps
# Apache's layout, so the client runs as test/tests.json has it: in test/lua, with
# LUA_PATH ";;gen-lua/?.lua;../../lib/lua/?.lua" and LUA_CPATH ";;../../lib/lua/.libs/?.so".
# Called by run.sh:
#   build-lua.sh SOURCE OUT   -> OUT/client, a script running test_basic_client.lua
# OUT/client takes --protocol, --transport and --port, the only options the Lua client
# knows (it fails on any other), and --host and --testloops=N, which it does not
# (loops.sh). The client always connects to localhost (TSocket's default host:
# test_basic_client.lua gives only the port), where run.sh's server listens: --host is
# left out. It posts to / (THttpTransport.lua: path = '/'), which the
# conformance server serves; THttpTransport finds a reply's body by the header named
# exactly "Content-Length", which the server spells so (shared/src/koa/router.ts).
set -euo pipefail
source=$1
out=$2
mkdir -p "$out/lib/lua/.libs" "$out/test/lua"
cp "$source"/lib/lua/*.lua "$out/lib/lua/"
cp "$source/test/lua/test_basic_client.lua" "$out/test/lua/"
src=$source/lib/lua/src
libs=$out/lib/lua/.libs
cc() { gcc -shared -fPIC -O2 -I/usr/include/lua5.2 -I"$src" -DLUA_COMPAT_MODULE "$@" -llua5.2 -lm; }
cc -o "$libs/liblualongnumber.so" "$src/lualongnumber.c" "$src/longnumberutils.c"
# shellcheck disable=SC2016 # $ORIGIN is the loader's, not the shell's
cc -o "$libs/libluabpack.so" "$src/luabpack.c" -L"$libs" -llualongnumber -Wl,-rpath,'$ORIGIN'
cc -o "$libs/libluabitwise.so" "$src/luabitwise.c"
cc -o "$libs/libluasocket.so" "$src/luasocket.c" "$src/usocket.c"
(cd "$out/test/lua" && thrift --gen lua "$source/test/ThriftTest.thrift" &&
  sed -i 's/MapType =//g' gen-lua/ThriftTest_ttypes.lua)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cat >"$out/client" <<SCRIPT
#!/usr/bin/env bash
# Apache Thrift's Lua test client (test_basic_client.lua), prepared by build-lua.sh.
export LUA_PATH=";;gen-lua/?.lua;../../lib/lua/?.lua" LUA_CPATH=";;../../lib/lua/.libs/?.so"
exec "$here/loops.sh" "$out/test/lua" --host lua5.2 test_basic_client.lua -- "\$@"
SCRIPT
chmod +x "$out/client"
