package it.pis.gateway.routes;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Route-level tests of the YAML routes in {@code routes/}, as the gateway loads them, in a plain
 * CamelContext (no Spring, no database, no broker, no listener): a test binds the beans the route
 * calls by name, advises the endpoints that would reach outside (netty, jms, timers), starts the
 * context and asserts on what the route does. The end-to-end tests (it package) run the same routes
 * in the whole gateway.
 */
public abstract class YamlRouteTestSupport extends CamelTestSupport {

    /** The route files under test, e.g. {@code "hl7v2-mllp-in.yaml"}. */
    protected abstract List<String> routeFiles();

    /** Placeholders the routes use ({@code {{pis.…}}}); the values of application.yaml unless a test needs others. */
    protected Properties properties() {
        return new Properties();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        // the context starts only after the test advised its routes (startRoutes)
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties());
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        List<RoutesBuilder> builders = new ArrayList<>();
        for (String file : routeFiles()) {
            builders.addAll(PluginHelper.getRoutesLoader(context)
                    .findRoutesBuilders(ResourceHelper.resolveMandatoryResource(context, "file:routes/" + file)));
        }
        return builders.toArray(RoutesBuilder[]::new);
    }

    protected void startRoutes() {
        context.start();
    }
}
