package io.flashorders.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The inventory's decisions as Lua scripts (resources beside this class), each prefixed with common.lua. */
enum Script {
    OPEN("open.lua"), CLOSE("close.lua"), RESERVE("reserve.lua"), CANCEL("cancel.lua"), CHECKOUT("checkout.lua"),
    ATTACH("attach.lua"), SETTLE("settle.lua"), EXPIRE("expire.lua");

    private static final String COMMON = read("common.lua");

    private final String file;

    Script(String file) {
        this.file = file;
    }

    /** Read when the script is loaded into the server: once, and again after the server lost its scripts. */
    String source() {
        return COMMON + "\n" + read(file);
    }

    private static String read(String file) {
        try (InputStream in = Script.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("script " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
