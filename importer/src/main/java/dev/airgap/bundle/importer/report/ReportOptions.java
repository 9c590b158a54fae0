package dev.airgap.bundle.importer.report;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings for {@link ReferenceReports} that differ between installers.
 *
 * @param tfvarsVariable the variable {@code images.auto.tfvars} assigns, e.g. {@code
 *     tectonic_container_images}; it must start with a letter and continue with letters, digits,
 *     {@code _} or {@code -} (a conservative subset of HCL identifiers)
 */
public record ReportOptions(String tfvarsVariable) {
  /** The variable name used when an installer does not ask for another one. */
  public static final String DEFAULT_TFVARS_VARIABLE = "container_images";

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  public ReportOptions {
    Objects.requireNonNull(tfvarsVariable, "tfvarsVariable");
    if (!VARIABLE.matcher(tfvarsVariable).matches()) {
      throw new IllegalArgumentException("'" + tfvarsVariable + "' is not a usable Terraform variable "
          + "name (a letter, then letters, digits, '_' or '-')");
    }
  }

  public static ReportOptions defaults() {
    return new ReportOptions(DEFAULT_TFVARS_VARIABLE);
  }
}
