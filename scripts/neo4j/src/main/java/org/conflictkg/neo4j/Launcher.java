package org.conflictkg.neo4j;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts a Neo4j Community DBMS (the same kernel, Cypher engine and Bolt server
 * as the packaged server, without the HTTP API) with:
 *
 * <ul>
 *   <li>its home (data/, logs/) in {@code --home DIR},</li>
 *   <li>one Bolt connector on {@code --host} (default 127.0.0.1) and {@code --port}
 *       (0 = let the OS pick a free port, race-free),</li>
 *   <li>authentication enabled; the password of user {@code neo4j} is (re)set to the
 *       value of the environment variable {@code NEO4J_PASSWORD} on every start,</li>
 *   <li>page cache from {@code --pagecache} (e.g. 512m),</li>
 *   <li>extra neo4j.conf-style settings from {@code --conf FILE}, if that file exists.</li>
 * </ul>
 *
 * When the DBMS is up, it opens an authenticated Bolt session to itself with the
 * official Java driver and runs {@code RETURN 1}; only then it writes the bound port to
 * {@code --port-file} (if given) and prints {@code READY bolt://HOST:PORT}. It then runs
 * until it gets SIGTERM/SIGINT, and shuts the DBMS down cleanly.
 */
public final class Launcher {

    private static final PrintStream OUT = System.out;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Launcher() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // Neo4j's non-daemon threads would keep a half-started JVM alive: exit for real
            // (the shutdown hook, once registered, still shuts the DBMS down cleanly).
            System.err.println("FAILED: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path home = null;
        String host = "127.0.0.1";
        int port = 0;
        Path portFile = null;
        Path extraConf = null;
        String pagecache = "512m";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--home": home = Path.of(require(a, v)).toAbsolutePath(); i++; break;
                case "--host": host = require(a, v); i++; break;
                case "--port": port = Integer.parseInt(require(a, v)); i++; break;
                case "--port-file": portFile = Path.of(require(a, v)).toAbsolutePath(); i++; break;
                case "--pagecache": pagecache = require(a, v); i++; break;
                case "--conf": extraConf = Path.of(require(a, v)).toAbsolutePath(); i++; break;
                default: usage("unknown argument: " + a);
            }
        }
        if (home == null) {
            usage("--home is required");
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            usage("environment variable NEO4J_PASSWORD must be set (non-empty)");
        }

        Files.createDirectories(home);
        log("starting Neo4j Community " + neo4jVersion() + " on Java " + Runtime.version()
                + ", home " + home);
        long t0 = System.nanoTime();

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(host))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Tests try wrong passwords on purpose: never lock the account.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // A runaway query stops at its memory limit instead of taking the heap;
                // LOAD CSV may not read the server's files.
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pagecache))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Small footprint for a dev/test DBMS: no 256 MiB preallocated tx log per database.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                // Transaction logs are pruned only at a checkpoint: checkpoint every 30 s or 64 MiB
                // of log, and keep 128 MiB, so bulk loads do not leave gigabytes of old logs.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "128M size")
                .setConfig(GraphDatabaseSettings.check_point_interval_time, Duration.ofSeconds(30))
                .setConfig(GraphDatabaseSettings.check_point_interval_volume, ByteUnit.mebiBytes(64))
                // Stop quickly: the Bolt server otherwise idles 2 x 5 s in Netty's graceful shutdown.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2));
        if (extraConf != null && Files.isRegularFile(extraConf)) {
            // Applied last, so its settings override the defaults above.
            log("loading extra settings from " + extraConf);
            builder.loadPropertiesFromFile(extraConf);
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutting down");
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                log("error during shutdown: " + t);
            }
            log("stopped");
            stopped.countDown();
        }, "conflictkg-neo4j-shutdown"));

        GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!neo4j.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
            throw new IllegalStateException("database 'neo4j' did not become available");
        }
        HostnamePort bound = ((GraphDatabaseAPI) neo4j).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bound == null) {
            throw new IllegalStateException("Bolt connector is not bound");
        }
        String uri = "bolt://" + host + ":" + bound.getPort();
        // Usually the stored password is already the wanted one (restart): then the
        // round trip alone proves it. Otherwise (first start, new password) set it first.
        if (!selfCheck(uri, password)) {
            setPassword(dbms, password);
            if (!selfCheck(uri, password)) {
                throw new IllegalStateException("authentication fails even after setting the password");
            }
        }

        if (portFile != null) {
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, bound.getPort() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        log(String.format("started in %.1f s", (System.nanoTime() - t0) / 1e9));
        OUT.println("READY " + uri);
        OUT.flush();

        stopped.await();
    }

    /** Makes {@code password} the password of user neo4j (no change required at login). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            log("password of user neo4j set");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
            log("password of user neo4j unchanged");
        }
    }

    /**
     * An authenticated Bolt round trip with the official Java driver, as a client would.
     * Returns false if the credentials are refused (or must be changed first).
     */
    private static boolean selfCheck(String uri, String password) {
        Config config = Config.builder()
                .withoutEncryption()
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .withMaxConnectionPoolSize(1)
                .build();
        try (Driver driver = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", password), config);
                Session session = driver.session()) {
            long one = session.run("RETURN 1 AS one").single().get("one").asLong();
            if (one != 1) {
                throw new IllegalStateException("self-check returned " + one);
            }
        } catch (ClientException e) {
            // ClientException: e.g. Neo.ClientError.Security.CredentialsExpired (default password).
            if (e instanceof AuthenticationException || String.valueOf(e.code()).contains(".Security.")) {
                log("Bolt login with the wanted password refused (" + e.code() + ")");
                return false;
            }
            throw e;
        }
        log("Bolt self-check passed (authenticated RETURN 1 on " + uri + ")");
        return true;
    }

    private static long parseBytes(String s) {
        String t = s.trim().toLowerCase();
        long mult = 1;
        if (t.endsWith("k")) { mult = ByteUnit.kibiBytes(1); }
        else if (t.endsWith("m")) { mult = ByteUnit.mebiBytes(1); }
        else if (t.endsWith("g")) { mult = ByteUnit.gibiBytes(1); }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * mult;
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementServiceBuilder.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "5.x" : v;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: NEO4J_PASSWORD=... java -cp CLASSPATH " + Launcher.class.getName()
                + " --home DIR [--host 127.0.0.1] [--port 0] [--port-file FILE] [--pagecache 512m] [--conf neo4j.conf]");
        System.exit(2);
    }

    private static void log(String msg) {
        OUT.println("[launcher " + TIME.format(LocalTime.now()) + "] " + msg);
        OUT.flush();
    }
}
