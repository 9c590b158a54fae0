package dev.airgap.bundle.registry;

import java.util.Objects;

/**
 * How the user changes the settings of one connection, so an error can name the exact key: a
 * {@code registries.json} path such as {@code registries."host".ca-file} or
 * {@code targets.lab.plain-http}, or a command-line option such as {@code --ca-file}.
 *
 * @param configPath the JSON path of the object holding the keys, or null for command-line options
 */
public record SettingNames(String configPath) {
  /** The keys of {@code registries."host"} in registries.json: what export and pulls use. */
  public static SettingNames registry(String host) {
    return new SettingNames("registries.\"" + Objects.requireNonNull(host, "host") + "\"");
  }

  /** The keys of {@code targets.NAME} in registries.json. */
  public static SettingNames target(String name) {
    return new SettingNames("targets." + Objects.requireNonNull(name, "name"));
  }

  /** The {@code --plain-http}, {@code --ca-file} and {@code --no-tls-verify} options. */
  public static SettingNames commandLine() {
    return new SettingNames(null);
  }

  /** "set registries."h".plain-http to true in registries.json", or "pass --plain-http". */
  String plainHttp(boolean on) {
    if (configPath == null) {
      return on ? "pass --plain-http" : "leave out --plain-http";
    }
    return "set " + configPath + ".plain-http to " + on + " in registries.json";
  }

  String caFile() {
    return configPath == null
        ? "pass --ca-file with the PEM file of the CA that signed it"
        : "set " + configPath + ".ca-file in registries.json to the PEM file of the CA that signed it";
  }

  String tlsVerifyOff() {
    return configPath == null ? "pass --no-tls-verify" : "set " + configPath + ".tls-verify to false";
  }
}
