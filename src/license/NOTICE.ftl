<#-- The NOTICE file: the project's own notice, then every third-party library the jar bundles,
     grouped by licence. Rendered by license-maven-plugin (see pom.xml); licenseMap is
     licence -> libraries, with the licence names merged to SPDX identifiers by licenseMerges. -->
<#function artifact p>
    <#return (p.name?has_content && p.name?index_of('Unnamed') == -1)?then(p.name, p.artifactId)
        + " (" + p.groupId + ":" + p.artifactId + ":" + p.version + ")">
</#function>
PIS gateway
Copyright 2026 the PIS gateway contributors
Licensed under the European Union Public Licence v. 1.2 (EUPL-1.2): see LICENSE.

The gateway's jar bundles the third-party libraries below, each under its own licence as its
Maven metadata declares it (a library that offers a choice is listed under each licence it
offers). Generated from the dependencies by license-maven-plugin, not by hand; after a change of
dependencies, regenerate it with:  mvn -q license:add-third-party@notice
<#list licenseMap as e>
<#if e.getValue()?size gt 0>

${e.getKey()}
<#list e.getValue() as project>
  ${artifact(project)}
</#list>
</#if>
</#list>
