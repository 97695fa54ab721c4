/**
 * picocli, built from its published sources jar (unchanged) as Java 21 class files; see this
 * module's pom. The module's name and exports are picocli's own.
 */
module info.picocli {
  requires static java.sql;

  exports picocli;
}
