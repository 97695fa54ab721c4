package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.cluster.ClusterMember;
import dev.fanout.jobs.fetch.FetchJob;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the only door. Read from the real module descriptors and the real class files
 * (so it holds on the class path too, where the launcher and the tests run): core exports its API
 * to everyone and its engine SPI to the cluster module alone, and nothing internal; {@code jobs}
 * and {@code cli} refer to no package of core or cluster beyond their APIs; {@code cluster} refers
 * to core's API and SPI only.
 */
class ExportedApiOnlyTest {
  private static final Pattern CLASS_REF = Pattern.compile("(dev/fanout(?:/[a-z0-9_]+)*)/[A-Z]");

  @Test
  void core_exportsItsApiToAllAndItsSpiToClusterOnly() throws IOException {
    ModuleDescriptor core = descriptorOf(Fanout.class);

    assertThat(core.name()).isEqualTo("dev.fanout");
    Map<String, Set<String>> exports = new java.util.TreeMap<>();
    core.exports().forEach(e -> exports.put(e.source(), e.isQualified() ? e.targets() : Set.of()));
    assertThat(exports).as("exported to everyone").containsEntry("dev.fanout", Set.of());
    assertThat(exports).as("the engine SPI").containsKey("dev.fanout.spi");
    exports.forEach(
        (pkg, to) -> {
          if (!pkg.equals("dev.fanout")) {
            // the SPI, and a part of it in its own package (the remote engine's), if any
            assertThat(isSpi(pkg)).as(pkg + " is exported: only the API and the SPI are").isTrue();
            assertThat(to).as(pkg + " is exported to").containsExactly("dev.fanout.cluster");
          }
        });
    assertThat(exports.keySet()).noneMatch(pkg -> pkg.contains("internal"));
    assertThat(core.opens()).isEmpty();
    assertThat(core.uses()).containsExactly("dev.fanout.spi.EngineProvider");
    assertThat(packagesOf(Fanout.class)).contains("dev.fanout.internal", "dev.fanout.spi");
  }

  @Test
  void cluster_isAModuleThatProvidesItsEngineThroughTheSpi() throws IOException {
    ModuleDescriptor cluster = descriptorOf(ClusterMember.class);

    assertThat(cluster.name()).isEqualTo("dev.fanout.cluster");
    assertThat(cluster.isAutomatic()).isFalse();
    assertThat(cluster.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.fanout.cluster");
    assertThat(cluster.provides())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.service()).isEqualTo("dev.fanout.spi.EngineProvider");
              assertThat(p.providers())
                  .containsExactly("dev.fanout.cluster.internal.ClusterEngineProvider");
            });
  }

  @Test
  void jobsAndCli_areModulesReadingCore() throws IOException {
    for (Class<?> anchor : List.of(FetchJob.class, Main.class)) {
      ModuleDescriptor d = descriptorOf(anchor);
      assertThat(d.requires())
          .as(d.name())
          .extracting(ModuleDescriptor.Requires::name)
          .contains("dev.fanout");
    }
    assertThat(descriptorOf(FetchJob.class).name()).isEqualTo("dev.fanout.jobs");
    assertThat(descriptorOf(Main.class).name()).isEqualTo("dev.fanout.cli");
  }

  @Test
  void jobsAndCli_referOnlyToTheApisOfCoreAndCluster() throws IOException {
    Set<String> allowed = Set.of("dev.fanout", "dev.fanout.cluster");
    Set<String> guarded = new HashSet<>(packagesOf(Fanout.class));
    guarded.addAll(packagesOf(ClusterMember.class));
    assertThat(guarded).contains("dev.fanout.internal", "dev.fanout.cluster.internal");

    Set<String> used = new TreeSet<>();
    List<String> violations = new ArrayList<>();
    for (Class<?> module : List.of(FetchJob.class, Main.class)) {
      violations.addAll(violations(module, guarded, allowed, used));
    }
    assertThat(used).as("the scan sees the API").contains("dev.fanout", "dev.fanout.cluster");
    assertThat(violations).as("uses of core's or cluster's insides").isEmpty();
  }

  @Test
  void cluster_refersOnlyToTheApiAndSpiOfCore() throws IOException {
    Set<String> core = packagesOf(Fanout.class);
    Set<String> allowed = new HashSet<>(Set.of("dev.fanout"));
    core.stream().filter(ExportedApiOnlyTest::isSpi).forEach(allowed::add);
    Set<String> used = new TreeSet<>();
    List<String> violations = violations(ClusterMember.class, core, allowed, used);

    assertThat(used).as("the scan sees the SPI").contains("dev.fanout", "dev.fanout.spi");
    assertThat(violations).as("uses of core's insides").isEmpty();
  }

  @Test
  void scanner_findsInternalReferencesWhereThereAreSome() throws IOException {
    // core's own classes use its internal packages: the scanner must see that, or the tests above
    // would pass for nothing
    Map<String, Set<String>> refs = withRoot(Fanout.class, ExportedApiOnlyTest::referencesOf);

    assertThat(refs.get("dev/fanout/Fanout$Builder.class")).contains("dev.fanout.internal");
    Set<String> guarded = packagesOf(Fanout.class);
    assertThat(violations(Fanout.class, guarded, Set.of("dev.fanout"), new TreeSet<>()))
        .anyMatch(v -> v.endsWith(" uses dev.fanout.internal"));
  }

  /** The SPI package or one under it ({@code dev.fanout.spi.remote}): never an internal one. */
  private static boolean isSpi(String pkg) {
    return (pkg.equals("dev.fanout.spi") || pkg.startsWith("dev.fanout.spi."))
        && !pkg.contains("internal");
  }

  /**
   * Each "class uses package" of the module holding {@code anchor} where the package is one of
   * {@code guarded} but not {@code allowed}; adds every dev.fanout package it refers to to {@code
   * used}.
   */
  private static List<String> violations(
      Class<?> anchor, Set<String> guarded, Set<String> allowed, Set<String> used)
      throws IOException {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e :
        withRoot(anchor, ExportedApiOnlyTest::referencesOf).entrySet()) {
      for (String pkg : e.getValue()) {
        used.add(pkg);
        if (guarded.contains(pkg) && !allowed.contains(pkg)) {
          out.add(e.getKey() + " uses " + pkg);
        }
      }
    }
    return out;
  }

  private static ModuleDescriptor descriptorOf(Class<?> anchor) throws IOException {
    return withRoot(
        anchor,
        root -> {
          Path info = root.resolve("module-info.class");
          assertThat(info).as("the module-info of the module holding " + anchor.getName()).exists();
          try (InputStream in = Files.newInputStream(info)) {
            return ModuleDescriptor.read(in);
          }
        });
  }

  private static Set<String> packagesOf(Class<?> anchor) throws IOException {
    return withRoot(anchor, ExportedApiOnlyTest::packagesOf);
  }

  private interface RootAction<T> {
    T apply(Path root) throws IOException;
  }

  /** Runs {@code action} on the classes directory or jar that holds {@code anchor}. */
  private static <T> T withRoot(Class<?> anchor, RootAction<T> action) throws IOException {
    Path where;
    try {
      where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(where)) {
      return action.apply(where);
    }
    try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + where.toUri()), Map.of())) {
      return action.apply(jar.getPath("/"));
    }
  }

  private static Set<String> packagesOf(Path root) throws IOException {
    Set<String> packages = new HashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class"))
          .forEach(p -> packages.add(root.relativize(p.getParent()).toString().replace('/', '.')));
    }
    return packages;
  }

  /** For each class file under {@code root}: the dev.fanout packages its constant pool names. */
  private static Map<String, Set<String>> referencesOf(Path root) throws IOException {
    Map<String, Set<String>> out = new java.util.TreeMap<>();
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path c : classes) {
      Set<String> packages = new TreeSet<>();
      for (String utf8 : utf8Constants(c)) {
        Matcher m = CLASS_REF.matcher(utf8);
        while (m.find()) {
          packages.add(m.group(1).replace('/', '.'));
        }
      }
      out.put(root.relativize(c).toString(), packages);
    }
    return out;
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  private static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> strings = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + " is not a class file");
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++; // longs and doubles take two slots
          }
          default -> throw new IOException(classFile + ": unknown constant tag " + tag);
        }
      }
    }
    return strings;
  }
}
