# Multi-stage build of the PvpRegistry web app (and the pvp tool, for `docker compose exec web pvp ...`).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props PvpRegistry.sln ./
COPY src/ src/
COPY migrations/ migrations/
COPY data/ data/
RUN dotnet publish src/PvpRegistry.Web -c Release -o /app/web --no-self-contained \
 && dotnet publish src/PvpRegistry.Cli -c Release -o /app/cli --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/web ./
COPY --from=build /app/cli /opt/pvp/
RUN printf '#!/bin/sh\nexec dotnet /opt/pvp/pvp.dll "$@"\n' > /usr/local/bin/pvp && chmod +x /usr/local/bin/pvp \
 && mkdir -p /data && chown app:app /data
# The image's built-in unprivileged user.
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    Database__DataFolder=/data \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
VOLUME /data
# The runtime image has no curl: the pvp tool asks the app's /health itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD ["dotnet", "/opt/pvp/pvp.dll", "health", "--url", "http://localhost:8080/health"]
ENTRYPOINT ["dotnet", "PvpRegistry.Web.dll"]
