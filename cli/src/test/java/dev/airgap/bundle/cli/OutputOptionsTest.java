package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code --json} mixin and the console, through a test-only command shaped like the real ones will be. */
class OutputOptionsTest {

    record Layer(String digest, long size) {}

    record Result(String image, List<Layer> layers) {}

    @Command(name = "show")
    static final class ShowCommand implements Runnable {
        @Mixin
        OutputOptions output;

        @Override
        public void run() {
            Console console = output.console();
            try (Progress progress = console.progress()) {
                progress.started("sha256:aa", "layer sha256:aa", 10);
                progress.bytes("sha256:aa", 10);
                progress.done("sha256:aa");
            }
            Result result = new Result("nginx:1.25", List.of(new Layer("sha256:aa", 10)));
            console.result(result, out -> out.println(result.image() + " has " + result.layers().size() + " layer"));
        }
    }

    private static CliRun show(Environment environment, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "show";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(environment, ExitCodes.defaults(), cl -> cl.addSubcommand(new ShowCommand()), all);
    }

    @Test
    void textByDefault() {
        CliRun run = show(CliRun.PLAIN);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("nginx:1.25 has 1 layer", run.out().strip());
    }

    @Test
    void jsonOnStdoutAndProgressOnStderr() throws Exception {
        CliRun run = show(CliRun.PLAIN, "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("nginx:1.25", json.get("image").asText());
        assertEquals("sha256:aa", json.get("layers").get(0).get("digest").asText());
        assertTrue(run.err().contains("done  layer sha256:aa"), run.err());
    }

    @Test
    void progressIsABarOnATerminalOutsideCi() {
        CliRun terminal = show(new Environment(Map.of(), true));
        CliRun ci = show(new Environment(Map.of("CI", "true"), true));

        assertTrue(terminal.err().startsWith("\r["), terminal.err());
        assertTrue(ci.err().startsWith("start layer sha256:aa"), ci.err());
    }
}
