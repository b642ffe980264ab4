package org.plantwire.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.deploy.HistoryEntry;

class BundleFileTest {

    @TempDir
    Path dir;

    private Path jar(String name, String symbolicName, String version) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            m.getMainAttributes().putValue("Bundle-Version", version);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(out, m)) {
            j.closeEntry();
        }
        return file;
    }

    @Test
    void aBundleIsFetchedWithItsNameAndVersion() throws Exception {
        Path file = jar("ok.jar", "com.acme.line1; singleton:=true", "1.2.3");
        try (BundleFile b = BundleFile.fetch(file.toUri().toString())) {
            assertThat(b.symbolicName).isEqualTo("com.acme.line1");
            assertThat(b.version).isEqualTo("1.2.3");
            assertThat(Files.exists(b.file)).isTrue();
        }
    }

    @Test
    void whatIsNoBundleIsRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> BundleFile.fetch(jar("plain.jar", null, null).toUri().toString()))
                .hasMessageEndingWith("is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertThatThrownBy(() -> BundleFile.fetch(text.toUri().toString())).hasMessageContaining("is not a jar");
        assertThatThrownBy(() -> BundleFile.fetch(dir.resolve("missing.jar").toUri().toString()))
                .hasMessageStartingWith("cannot read file:").hasMessageContaining("not found");
        assertThatThrownBy(() -> BundleFile.fetch("nosuchscheme:foo")).hasMessageContaining("is not a URL this server can read");
    }

    @Test
    void historySurvivesARestartAndSkipsLinesItCannotRead() throws Exception {
        Path file = dir.resolve("history/deploy-history.jsonl");
        HistoryStore store = new HistoryStore(file);
        store.add(new HistoryEntry(1, "upgrade", List.of("a", "b"), "x", "1.0", "1.1", "mvn:x/x/1.1", "mvn:x/x/1.0",
                "upgraded", "ok", 42));
        store.add(new HistoryEntry(2, "deploy", List.of("c"), "y", null, "2.0", "file:/y.jar", null, "refused", "no", 0));
        Files.writeString(file, Files.readString(file) + "{broken\n");
        HistoryStore again = new HistoryStore(file);
        assertThat(again.list(null)).hasSize(2);
        assertThat(again.list("b")).singleElement().satisfies(e -> {
            assertThat(e.previousLocation()).isEqualTo("mvn:x/x/1.0");
            assertThat(e.switchMillis()).isEqualTo(42);
        });
        assertThat(again.list("z")).isEmpty();
    }
}
