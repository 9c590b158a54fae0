package dev.airgap.bundle.importer;

import dev.airgap.bundle.importer.ImportPlan.TagAction;
import dev.airgap.bundle.importer.ImportPlan.TagStep;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds tags an import would move that it does not own: moved since this tool set them, or never
 * set by it. Moving those would silently overwrite someone's change.
 */
final class DriftCheck {
  private DriftCheck() {}

  static List<String> drifted(ImportPlan plan, Ledger ledger) {
    List<String> out = new ArrayList<>();
    for (TagStep step : plan.tags()) {
      if (step.action() != TagAction.MOVE) {
        continue;
      }
      boolean owned = ledger.tags().stream().anyMatch(t -> isSame(t, step) && t.digest().equals(step.current()));
      if (!owned) {
        out.add(step.repository() + ":" + step.tag() + " (now " + step.current() + ")");
      }
    }
    return out;
  }

  private static boolean isSame(LedgerTag t, TagStep step) {
    return t.repository().equals(step.repository()) && t.tag().equals(step.tag());
  }
}
