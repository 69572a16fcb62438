package io.flashorders.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code: every key the applications read (through {@code @ConfigProperty} or
 * {@code Config.getValue}) and every server.xml variable the servers use is documented there, every key documented is
 * read, every default in a microprofile-config.properties file or server.xml belongs to a key that is read, and the
 * defaults the reference shows are the ones those files define. The Lambda's environment is checked by the lambda
 * module's own test, which reads it as the function does.
 */
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path REFERENCE = ROOT.resolve("docs/configuration.md");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(([^)]*)\\)");
    private static final Pattern NAME = Pattern.compile("name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern GET_VALUE = Pattern.compile("\\.get(?:Optional)?Value\\(\\s*\"([^\"]+)\"");
    private static final Pattern XML_REFERENCE = Pattern.compile("\\$\\{([^}+\\s]+)");
    private static final Pattern XML_VARIABLE = Pattern.compile("<variable\\s+name=\"([^\"]+)\"\\s+defaultValue=\"([^\"]*)\"");
    private static final Pattern XML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** Keys the runtime reads itself (MicroProfile OpenAPI's), not the applications. */
    private static final String RUNTIME_PREFIX = "mp.";
    /** A server.xml operand that reads an environment variable directly. */
    private static final String ENVIRONMENT_PREFIX = "env.";

    private static Map<String, Set<String>> readBy;
    private static Map<String, Set<String>> defaults;
    private static Map<String, Row> documented;
    private static List<String> annotationDefaults;

    record Row(String environmentVariable, String defaultCell) {
    }

    @BeforeAll
    static void scan() throws IOException {
        readBy = new TreeMap<>();
        defaults = new TreeMap<>();
        annotationDefaults = new ArrayList<>();
        for (Path source : files("src/main/java", ".java")) {
            String text = Files.readString(source);
            Matcher annotation = CONFIG_PROPERTY.matcher(text);
            while (annotation.find()) {
                Matcher name = NAME.matcher(annotation.group(1));
                if (name.find()) {
                    note(readBy, name.group(1), ROOT.relativize(source).toString());
                }
                if (annotation.group(1).contains("defaultValue")) {
                    annotationDefaults.add(ROOT.relativize(source) + ": " + annotation.group());
                }
            }
            Matcher getValue = GET_VALUE.matcher(text);
            while (getValue.find()) {
                note(readBy, getValue.group(1), ROOT.relativize(source).toString());
            }
        }
        for (Path xml : serverConfigurations()) {
            String text = XML_COMMENT.matcher(Files.readString(xml)).replaceAll("");
            Matcher reference = XML_REFERENCE.matcher(text);
            while (reference.find()) {
                note(readBy, reference.group(1), ROOT.relativize(xml).toString());
            }
            Matcher variable = XML_VARIABLE.matcher(text);
            while (variable.find()) {
                note(defaults, variable.group(1), variable.group(2));
            }
        }
        for (Path file : files("src/main/resources/META-INF", "microprofile-config.properties")) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> note(defaults, key, properties.getProperty(key)));
            // A value may be another key's value (${key}, MicroProfile Config's expansion): that key is read through it.
            for (String key : properties.stringPropertyNames()) {
                Matcher reference = XML_REFERENCE.matcher(properties.getProperty(key));
                while (reference.find()) {
                    note(readBy, reference.group(1), ROOT.relativize(file).toString());
                }
            }
        }
        documented = documentedKeys();
    }

    @Test
    void everyKeyReadIsDocumented() {
        Set<String> missing = keys(readBy).stream().filter(key -> !documented.containsKey(key)).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missing.isEmpty(), () -> "read but not in docs/configuration.md: " + missing.stream()
                .map(key -> key + " (" + readBy.get(key) + ")").collect(Collectors.joining(", ")));
    }

    @Test
    void everyKeyDocumentedIsRead() {
        Set<String> unread = new TreeSet<>(documented.keySet());
        unread.removeAll(readBy.keySet());
        assertTrue(unread.isEmpty(), "in docs/configuration.md but read nowhere: " + unread);
    }

    @Test
    void everyDefaultBelongsToAKeyThatIsRead() {
        Set<String> unread = new TreeSet<>(keys(defaults));
        unread.removeAll(readBy.keySet());
        assertTrue(unread.isEmpty(), "a default in microprofile-config.properties or server.xml for a key read nowhere: " + unread);
    }

    @Test
    void defaultsLiveInTheConfigurationFilesOnly() {
        assertTrue(annotationDefaults.isEmpty(), () -> "defaults belong in microprofile-config.properties, not in annotations: "
                + String.join("; ", annotationDefaults));
    }

    @Test
    void theDocumentedDefaultsAreTheConfiguredOnes() {
        List<String> wrong = new ArrayList<>();
        documented.forEach((key, row) -> {
            Set<String> shown = codeSpans(row.defaultCell());
            Set<String> configured = defaults.getOrDefault(key, Set.of());
            if (configured.isEmpty() ? !row.defaultCell().startsWith("none") : !shown.containsAll(configured)) {
                wrong.add(key + ": the files say " + (configured.isEmpty() ? "none" : configured) + ", the reference '" + row.defaultCell() + "'");
            }
        });
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
    }

    @Test
    void environmentVariablesAreTheKeysInUpperCase() {
        documented.forEach((key, row) -> assertEquals(environmentName(key), row.environmentVariable(), key));
    }

    @Test
    void environmentVariablesServerXmlReadsAreDocumented() {
        Set<String> named = documented.values().stream().map(Row::environmentVariable).collect(Collectors.toSet());
        readBy.keySet().stream().filter(key -> key.startsWith(ENVIRONMENT_PREFIX))
                .forEach(key -> assertTrue(named.contains(key.substring(ENVIRONMENT_PREFIX.length())),
                        key + " is read in " + readBy.get(key) + " but no documented key has that environment variable"));
    }

    /** The application's keys: neither the runtime's own nor a direct read of an environment variable. */
    private static Set<String> keys(Map<String, Set<String>> found) {
        return found.keySet().stream().filter(key -> !key.startsWith(RUNTIME_PREFIX) && !key.startsWith(ENVIRONMENT_PREFIX))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The rows of every table whose first column is headed "key": key, environment variable, default, what it does. */
    private static Map<String, Row> documentedKeys() throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        boolean inKeyTable = false;
        for (String line : Files.readAllLines(REFERENCE)) {
            if (!line.startsWith("|")) {
                inKeyTable = false;
                continue;
            }
            List<String> cells = Stream.of(line.substring(1).split("(?<!\\\\)\\|")).map(String::trim).toList();
            if (cells.get(0).equals("key")) {
                inKeyTable = true;
            } else if (inKeyTable && !cells.get(0).startsWith("---")) {
                String key = cells.get(0).replace("`", "");
                Row previous = rows.put(key, new Row(cells.get(1).replace("`", ""), cells.get(2)));
                assertTrue(previous == null, key + " is documented twice");
            }
        }
        assertTrue(rows.size() > 10, "docs/configuration.md has no key table, or this test no longer finds it");
        return rows;
    }

    private static Set<String> codeSpans(String cell) {
        Set<String> spans = new TreeSet<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            spans.add(code.group(1));
        }
        return spans;
    }

    /** Files under every module's {@code folder} whose name ends with {@code suffix}. */
    private static List<Path> files(String folder, String suffix) throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            List<Path> found = new ArrayList<>();
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path dir = module.resolve(folder);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.filter(path -> path.getFileName().toString().endsWith(suffix)).forEach(found::add);
                    }
                }
            }
            assertTrue(!found.isEmpty(), "no " + suffix + " under */" + folder + " of " + ROOT);
            return found;
        }
    }

    /** The servers' configuration: the local server's files and the container images'. */
    private static List<Path> serverConfigurations() {
        try (Stream<Path> local = Files.list(ROOT.resolve("liberty-config/src/main/liberty/config"));
             Stream<Path> images = Files.walk(ROOT.resolve("deploy"))) {
            return Stream.concat(local, images).filter(path -> path.toString().endsWith(".xml")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void note(Map<String, Set<String>> into, String key, String value) {
        into.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
    }
}
