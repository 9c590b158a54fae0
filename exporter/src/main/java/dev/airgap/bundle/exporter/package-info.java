/** The exporter half of the tool; its work arrives with its own issue. */
package dev.airgap.bundle.exporter;
