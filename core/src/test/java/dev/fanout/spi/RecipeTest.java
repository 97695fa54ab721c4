package dev.fanout.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Configured;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecipeTest {
  /** Settings with the text that system properties and command lines used to lose. */
  public record Settings(Path out, Duration timeout, List<String> headers, String note) {}

  public static final class Saves implements Task<String, String>, Configured<Settings> {
    private final Settings settings;

    public Saves(Settings settings) {
      this.settings = settings;
    }

    @Override
    public Settings settings() {
      return settings;
    }

    @Override
    public String run(String input, Worker worker) {
      return settings.out().resolve(input).toString();
    }
  }

  /** Not a task: building it by name must not even initialize it. */
  public static final class NotATask {
    static final AtomicInteger INITIALIZED = new AtomicInteger();

    static {
      INITIALIZED.incrementAndGet();
    }
  }

  public static final class NoSettings implements Task<String, String> {
    @Override
    public String run(String input, Worker worker) {
      return input;
    }
  }

  private static final ClassLoader LOADER = RecipeTest.class.getClassLoader();

  @Test
  void build_settingsWithSpacesQuotesAndNonAscii_arriveIntact() throws Exception {
    Settings settings =
        new Settings(
            Path.of("/tmp/a b/\"ü\" 'q' ☃").toAbsolutePath(),
            Duration.ofMillis(1500),
            List.of("X-Test: \"quoted\" value", "Accept-Language: fr-CH, fr;q=0.9"),
            "tab\there, newline\n and -Dnot.a=property");
    Recipe recipe = Recipe.of(new Saves(settings), "task", "processes");

    Recipe copy = roundTrip(recipe);
    Saves built = (Saves) copy.build(LOADER, "worker-1");

    assertThat(copy).isEqualTo(recipe);
    assertThat(built.settings()).isEqualTo(settings);
  }

  @Test
  void build_aClassThatIsNoTask_isRefusedBeforeItsStaticInitializerRuns() {
    int before = NotATask.INITIALIZED.get();
    Recipe recipe = new Recipe("dev.fanout.spi.RecipeTest$NotATask", null);

    assertThatThrownBy(() -> recipe.build(LOADER, "member-x"))
        .isInstanceOf(ClassNotFoundException.class)
        .hasMessageContaining("refusing to run dev.fanout.spi.RecipeTest$NotATask")
        .hasMessageContaining("not a dev.fanout Task");
    assertThat(NotATask.INITIALIZED.get()).isEqualTo(before);
  }

  @Test
  void build_javaUtilTimer_isRefusedAndStartsNoThread() {
    long timers = timerThreads();
    assertThatThrownBy(() -> new Recipe("java.util.Timer", null).build(LOADER, "member-x"))
        .hasMessageContaining("refusing to run java.util.Timer");
    assertThat(timerThreads()).isEqualTo(timers);
  }

  @Test
  void build_settingsForAClassThatTakesNone_isRefused() {
    Recipe recipe = new Recipe(NoSettings.class.getName(), Codecs.encode("x"));

    assertThatThrownBy(() -> recipe.build(LOADER, "worker-1"))
        .hasMessageContaining("it is not Configured");
  }

  @Test
  void build_settingsNamingANonRecordClass_areRefusedBeforeItIsInitialized() throws Exception {
    int before = NotATask.INITIALIZED.get();
    Recipe recipe = new Recipe(Saves.class.getName(), jsonNaming(NotATask.class.getName()));

    assertThatThrownBy(() -> recipe.build(LOADER, "worker-1"))
        .hasMessageContaining("refusing to decode a value of class " + NotATask.class.getName());
    assertThat(NotATask.INITIALIZED.get()).isEqualTo(before);
  }

  @Test
  void decode_aValueNamingJavaUtilTimer_isRefusedAndStartsNoThread() throws Exception {
    long timers = timerThreads();

    assertThatThrownBy(() -> Codecs.decode(jsonNaming("java.util.Timer"), LOADER))
        .hasMessageContaining("refusing to decode a value of class java.util.Timer");
    assertThat(timerThreads()).isEqualTo(timers);
  }

  /** A codec value as a hostile peer would forge it: JSON naming any class. */
  private static byte[] jsonNaming(String className) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(8); // Codecs' JSON tag
    byte[] name = className.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(name.length);
    out.write(name);
    out.writeInt(2);
    out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  @Test
  void of_aMissingClass_saysToStartMembersWithTheJar() {
    assertThatThrownBy(() -> new Recipe("com.example.Missing", null).build(LOADER, "member-a"))
        .hasMessageContaining("is not on the classpath of member-a")
        .hasMessageContaining("--classpath");
  }

  private static long timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("Timer-"))
        .count();
  }

  private static Recipe roundTrip(Recipe recipe) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    recipe.write(new DataOutputStream(bytes));
    return Recipe.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
